import { booleanField, integerField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const legislation: ModuleDefinition = {
  key: 'legislation',
  name: { 'zh-CN': '立法', en: 'Legislation' },
  description: {
    'zh-CN': '法规草案逐条征求意见，群众和基层立法联系点提交意见，跟踪意见采纳情况，征集立法建议',
    en: 'Drafts article by article, comments from the public and legislative contact points, adoption tracking, and legislative proposals',
  },
  defaultEnabled: false,
  dependencies: [],
  route: null,
  fields: [
    integerField('commentPeriodDays', { 'zh-CN': '征求意见期限（天）', en: 'Comment period (days)' }, {
      min: 1,
      max: 180,
      default: 30,
      help: {
        'zh-CN': '法规草案向社会公布征求意见的时间一般不少于三十日',
        en: 'A draft is as a rule open for public comment for at least thirty days',
      },
    }),
    booleanField('publicCommentsEnabled', { 'zh-CN': '允许社会公众提交意见', en: 'Public comments open' }, { default: true }),
    integerField('commentMaxLength', { 'zh-CN': '单条意见字数上限', en: 'Comment length limit (characters)' }, {
      min: 100,
      max: 10000,
      default: 2000,
    }),
  ],
};
