import { booleanField, integerField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const insights: ModuleDefinition = {
  key: 'insights',
  name: { 'zh-CN': '全过程人民民主展示窗', en: 'Insights' },
  description: {
    'zh-CN': '汇总任一下级范围的看板：注册率、活跃率、民意与建议办理量、按期办结率、热点话题',
    en: 'Dashboards that roll up any subtree: adoption, activity, case and suggestion throughput, deadlines kept, hot topics',
  },
  defaultEnabled: true,
  dependencies: [],
  route: '/insights',
  fields: [
    integerField('activityWindowDays', { 'zh-CN': '活跃统计周期（天）', en: 'Activity window (days)' }, {
      min: 1,
      max: 365,
      default: 30,
      help: {
        'zh-CN': '代表在此期间内有履职记录即计为活跃',
        en: 'A deputy with an activity in this window counts as active',
      },
    }),
    integerField('hotTopicCount', { 'zh-CN': '热点话题数量', en: 'Hot topics shown' }, {
      min: 5,
      max: 50,
      default: 10,
    }),
    booleanField('publicDashboard', { 'zh-CN': '在门户公开展示', en: 'Show on the public portal' }, { default: false }),
  ],
};
