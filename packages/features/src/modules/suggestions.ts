import { integerField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const suggestions: ModuleDefinition = {
  key: 'suggestions',
  name: { 'zh-CN': '议案建议', en: 'Motions and suggestions' },
  description: {
    'zh-CN': '议案建议的起草、附议、审查、交办主办和会办单位、签收、限期答复、代表满意度测评与重新办理',
    en: 'Drafting, co-signing, review, assignment to lead and co-handling units, sign-for, replies within deadlines, deputy rating and re-handling',
  },
  defaultEnabled: true,
  dependencies: ['deputies'],
  route: null,
  fields: [
    integerField('replyDeadlineDays', { 'zh-CN': '答复期限（天）', en: 'Reply deadline (days)' }, {
      min: 1,
      max: 180,
      default: 90,
      help: {
        'zh-CN': '自交办之日起计算；一般三个月内答复，最长不超过六个月',
        en: 'Counted from assignment; usually three months, never more than six',
      },
    }),
    integerField('urgentReplyDeadlineDays', { 'zh-CN': '紧急件答复期限（天）', en: 'Urgent reply deadline (days)' }, {
      min: 1,
      max: 90,
      default: 30,
    }),
    integerField('signForDays', { 'zh-CN': '签收期限（天）', en: 'Sign-for deadline (days)' }, {
      min: 1,
      max: 30,
      default: 5,
    }),
    integerField('motionCoSignerMinimum', { 'zh-CN': '议案最少联名人数', en: 'Minimum co-signers of a motion' }, {
      min: 1,
      max: 100,
      default: 10,
      help: {
        'zh-CN': '县级以上人大代表十人以上联名可提出议案；乡镇人大为五人以上',
        en: 'At county level and above a motion needs ten or more deputies; at a township, five',
      },
    }),
    integerField('rateWithinDays', { 'zh-CN': '代表测评期限（天）', en: 'Rating window (days)' }, {
      min: 1,
      max: 90,
      default: 30,
      help: {
        'zh-CN': '收到答复后代表须在此期限内对办理结果进行满意度测评',
        en: 'Deputies rate the reply within this many days of receiving it',
      },
    }),
    integerField('escalateAfterWorkingDays', { 'zh-CN': '逾期多少个工作日后上报工作人员', en: 'Escalate to staff after (working days overdue)' }, {
      min: 0,
      max: 30,
      default: 3,
      help: {
        'zh-CN': '逾期时先提醒承办单位或代表，超过此天数仍未办理则提醒本级人大工作人员督办',
        en: 'An overdue step first reminds its holder; past this many working days staff are alerted',
      },
    }),
  ],
};
