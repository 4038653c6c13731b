import { booleanField, integerField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const office: ModuleDefinition = {
  key: 'office',
  name: { 'zh-CN': '办公 OA', en: 'Office' },
  description: {
    'zh-CN': '公文传阅（阅知回执、催办）、审批、资产登记与资产二维码',
    en: 'Document circulation with read receipts and reminders, approvals, and an asset register with QR codes',
  },
  defaultEnabled: false,
  dependencies: [],
  route: null,
  fields: [
    booleanField('readReceiptsRequired', { 'zh-CN': '传阅须回执', en: 'Read receipts required' }, { default: true }),
    integerField('reminderAfterHours', { 'zh-CN': '未阅催办时间（小时）', en: 'Remind when unread after (hours)' }, {
      min: 1,
      max: 720,
      default: 48,
    }),
    integerField('approvalStepsMax', { 'zh-CN': '审批最多层级', en: 'Maximum approval steps' }, {
      min: 1,
      max: 10,
      default: 3,
    }),
  ],
};
