import { booleanField, integerField, stringField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const portal: ModuleDefinition = {
  key: 'portal',
  name: { 'zh-CN': '门户', en: 'Portal' },
  description: {
    'zh-CN': '新闻、决议决定、法规、代表名录与公开统计',
    en: 'News, resolutions, regulations, a public deputy directory and public statistics',
  },
  defaultEnabled: true,
  dependencies: [],
  route: null,
  fields: [
    booleanField('publishDeputyDirectory', { 'zh-CN': '公开代表名录', en: 'Publish deputy directory' }, {
      default: true,
      help: {
        'zh-CN': '只公开姓名、所属代表团（组）和履职主页，从不公开个人电话',
        en: 'Names, delegation and profile only; never personal phone numbers',
      },
    }),
    booleanField('publishStatistics', { 'zh-CN': '公开统计数据', en: 'Publish statistics' }, { default: true }),
    stringField('siteTitle', { 'zh-CN': '门户名称', en: 'Portal title' }, {
      maxLength: 60,
      default: '',
      help: { 'zh-CN': '留空时使用本级人大名称', en: "Empty means the congress's own name" },
    }),
    integerField('newsPerPage', { 'zh-CN': '每页新闻条数', en: 'News items per page' }, {
      min: 5,
      max: 50,
      default: 10,
    }),
  ],
};
