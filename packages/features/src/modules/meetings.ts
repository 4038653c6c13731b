import { booleanField, enumField, integerField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

export const meetings: ModuleDefinition = {
  key: 'meetings',
  name: { 'zh-CN': '数字会务', en: 'Meetings' },
  description: {
    'zh-CN': '会议、通知、考勤、座次、电子文件与符合法定表决标准的电子表决',
    en: 'Meetings, notices, attendance, seating, e-documents and electronic voting with statutory thresholds',
  },
  defaultEnabled: false,
  dependencies: ['deputies'],
  route: null,
  fields: [
    // The law asks for "more than half" present: attendance must exceed this share, not reach it,
    // which is why 50 is the default and 100 is not a valid value.
    integerField('quorumPercent', { 'zh-CN': '法定出席比例（%）', en: 'Quorum (%)' }, {
      min: 1,
      max: 99,
      default: 50,
      help: {
        'zh-CN': '出席人数须超过全体组成人员的此比例方可举行会议，默认为过半数',
        en: 'A meeting may be held only when attendance exceeds this share of all members; by default more than half',
      },
    }),
    enumField('voteThreshold', { 'zh-CN': '表决通过标准', en: 'Vote threshold' }, {
      default: 'majority-of-all',
      help: {
        'zh-CN': '议案一般以全体组成人员的过半数通过',
        en: 'A motion is as a rule adopted by more than half of all members',
      },
      options: [
        { value: 'majority-of-all', label: { 'zh-CN': '全体组成人员过半数', en: 'More than half of all members' } },
        { value: 'two-thirds-of-all', label: { 'zh-CN': '全体组成人员三分之二以上', en: 'Two thirds of all members or more' } },
        { value: 'majority-of-present', label: { 'zh-CN': '出席人员过半数', en: 'More than half of those present' } },
      ],
    }),
    booleanField('electronicVotingEnabled', { 'zh-CN': '启用电子表决', en: 'Electronic voting' }, { default: true }),
    integerField('noticeDaysBefore', { 'zh-CN': '会议通知提前天数', en: 'Notice given (days before)' }, {
      min: 1,
      max: 60,
      default: 7,
    }),
  ],
};
