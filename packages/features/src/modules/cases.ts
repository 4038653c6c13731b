import { booleanField, integerField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const cases: ModuleDefinition = {
  key: 'cases',
  name: { 'zh-CN': '民意直通', en: 'Cases' },
  description: {
    'zh-CN': '群众提、代表接、政府办、人大督、群众评的闭环；每个本地应用场景都是一份配置',
    en: 'The closed loop: the public raises, a deputy takes up, a unit handles, the congress supervises, the public rates; each local scenario is a configuration',
  },
  defaultEnabled: true,
  dependencies: ['deputies'],
  route: null,
  fields: [
    integerField('replyDeadlineWorkingDays', { 'zh-CN': '默认答复期限（工作日）', en: 'Default reply deadline (working days)' }, {
      min: 1,
      max: 60,
      default: 15,
      help: {
        'zh-CN': '应用场景未设置期限时使用',
        en: 'Used when a scenario sets no deadline of its own',
      },
    }),
    integerField('escalateAfterWorkingDays', { 'zh-CN': '逾期多少个工作日后上报工作人员', en: 'Escalate to staff after (working days overdue)' }, {
      min: 0,
      max: 30,
      default: 1,
      help: {
        'zh-CN': '逾期时先提醒办理人，超过此天数仍未办理则提醒本级人大工作人员督办',
        en: 'An overdue step first reminds its holder; past this many working days staff are alerted to supervise',
      },
    }),
    booleanField('ratingEnabled', { 'zh-CN': '启用群众满意度测评', en: 'Submitter rating' }, { default: true }),
    booleanField('phoneVerificationRequired', { 'zh-CN': '群众提交须验证手机号', en: 'Public submitters verify their phone' }, {
      default: true,
    }),
    integerField('submissionsPerHour', { 'zh-CN': '每小时提交上限（每个手机号）', en: 'Submissions per hour (per phone number)' }, {
      min: 1,
      max: 100,
      default: 5,
      help: {
        'zh-CN': '限制同一号码频繁提交',
        en: 'Limits repeated submissions from one number',
      },
    }),
  ],
};
