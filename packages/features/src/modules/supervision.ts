import { booleanField, integerField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const supervision: ModuleDefinition = {
  key: 'supervision',
  name: { 'zh-CN': '监督', en: 'Supervision' },
  description: {
    'zh-CN': '监督议题与公开征集、测评投票、预算联网监督（导入执行数据、规则预警、询问函、整改）、环境指标阈值预警',
    en: 'Supervision topics and public solicitation, appraisal polls, budget supervision (imported execution data, rule-based alerts, inquiry letters, rectification), environment indicators with alert thresholds',
  },
  defaultEnabled: false,
  dependencies: [],
  route: null,
  fields: [
    booleanField('appraisalPollsEnabled', { 'zh-CN': '启用公开测评投票', en: 'Public appraisal polls' }, { default: true }),
    integerField('pollVotesPerPhonePerDay', { 'zh-CN': '每个手机号每日投票次数', en: 'Votes per phone number per day' }, {
      min: 1,
      max: 10,
      default: 1,
    }),
    integerField('budgetDeviationAlertPercent', { 'zh-CN': '预算执行偏差预警线（%）', en: 'Budget deviation alert (%)' }, {
      min: 1,
      max: 100,
      default: 10,
      help: {
        'zh-CN': '执行进度与时间进度相差超过此比例时预警',
        en: 'Alert when spending runs ahead of or behind the calendar by more than this share',
      },
    }),
    integerField('rectificationDeadlineDays', { 'zh-CN': '整改期限（天）', en: 'Rectification deadline (days)' }, {
      min: 1,
      max: 180,
      default: 30,
    }),
  ],
};
