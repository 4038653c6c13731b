import { booleanField, integerField, numberField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const learning: ModuleDefinition = {
  key: 'learning',
  name: { 'zh-CN': '代表学堂', en: 'Learning' },
  description: {
    'zh-CN': '代表培训课程与学习记录，学习记录可计入履职',
    en: 'Courses for deputies and study records that count as duties',
  },
  defaultEnabled: false,
  // Study records become activities of the duties module, so learning cannot run without it.
  dependencies: ['duties'],
  route: null,
  fields: [
    booleanField('countsAsDuty', { 'zh-CN': '学习计入履职', en: 'Study counts as a duty' }, { default: true }),
    numberField('hoursPerActivity', { 'zh-CN': '每次履职折算学时', en: 'Study hours per counted activity' }, {
      min: 0.5,
      max: 40,
      default: 2,
      help: {
        'zh-CN': '学习时长每累计达到此学时，记一次履职活动',
        en: "Each time a deputy's study reaches this many hours, one activity is recorded",
      },
    }),
    integerField('annualRequiredHours', { 'zh-CN': '年度学习学时要求', en: 'Required study hours per year' }, {
      min: 0,
      max: 200,
      default: 16,
    }),
  ],
};
