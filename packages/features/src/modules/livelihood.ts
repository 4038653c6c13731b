import { integerField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const livelihood: ModuleDefinition = {
  key: 'livelihood',
  name: { 'zh-CN': '民生实事项目票决', en: 'Livelihood project vote' },
  description: {
    'zh-CN': '民生实事项目征集、筛选、代表票决、进展报告与评估',
    en: "Project collection, screening, deputies' vote, progress reports and evaluation",
  },
  defaultEnabled: false,
  dependencies: ['deputies'],
  route: null,
  fields: [
    integerField('projectsPerYear', { 'zh-CN': '年度票决项目数', en: 'Projects chosen per year' }, {
      min: 1,
      max: 50,
      default: 10,
    }),
    integerField('candidateSurplusPercent', { 'zh-CN': '候选项目差额比例（%）', en: 'Extra candidates (%)' }, {
      min: 0,
      max: 100,
      default: 20,
      help: {
        'zh-CN': '候选项目多于拟选项目的比例，实行差额票决',
        en: 'How many more candidates than projects to choose, so that the vote is a real choice',
      },
    }),
    integerField('progressReportDays', { 'zh-CN': '进展报告周期（天）', en: 'Progress report interval (days)' }, {
      min: 7,
      max: 180,
      default: 90,
    }),
  ],
};
