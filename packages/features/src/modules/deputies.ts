import { booleanField, enumField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const deputies: ModuleDefinition = {
  key: 'deputies',
  name: { 'zh-CN': '代表信息', en: 'Deputies' },
  description: {
    'zh-CN': '代表名册、代表小组编组、代表码数字身份与公开履职主页',
    en: 'Registry of deputies, delegation groups, digital identity with QR code, and public profiles',
  },
  defaultEnabled: true,
  dependencies: [],
  route: null,
  fields: [
    booleanField('identityQrEnabled', { 'zh-CN': '启用代表码（亮数字身份）', en: 'Deputy QR code (digital identity)' }, {
      default: true,
      help: {
        'zh-CN': '群众扫码可查看代表公开信息并留言',
        en: "Constituents scan it to see the deputy's public profile and leave a message",
      },
    }),
    booleanField('publicProfileEnabled', { 'zh-CN': '公开代表履职主页', en: 'Public deputy profiles' }, { default: true }),
    enumField('publicContact', { 'zh-CN': '公开的联系方式', en: 'Contact shown publicly' }, {
      default: 'station',
      help: { 'zh-CN': '代表个人手机号从不公开', en: "A deputy's personal phone number is never shown" },
      options: [
        { value: 'none', label: { 'zh-CN': '不公开', en: 'Not shown' } },
        { value: 'station', label: { 'zh-CN': '仅联络站地址', en: 'Station address only' } },
        { value: 'station-phone', label: { 'zh-CN': '联络站地址和电话', en: 'Station address and phone' } },
      ],
    }),
  ],
};
