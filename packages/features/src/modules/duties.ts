import { integerField, listField, type ConfigField } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

// Each of the five standard activity kinds scores its own points; congresses set local weights.
function weight(key: string, zh: string, en: string, points: number): ConfigField {
  return integerField(key, { 'zh-CN': `评价分值：${zh}`, en: `Evaluation weight: ${en}` }, {
    min: 0,
    max: 100,
    default: points,
  });
}

export const duties: ModuleDefinition = {
  key: 'duties',
  name: { 'zh-CN': '履职管理', en: 'Duties' },
  description: {
    'zh-CN': '五类履职活动登记、工作人员审核、活动报名与扫码签到、一人一档一任一册、履职量化评价',
    en: 'Activities of five kinds, staff verification, events with RSVP and QR check-in, per-deputy archives, and quantified evaluation',
  },
  defaultEnabled: true,
  dependencies: ['deputies'],
  route: null,
  fields: [
    listField('customActivityKinds', { 'zh-CN': '自定义活动类型', en: 'Custom activity kinds' }, {
      max: 20,
      maxLength: 20,
      default: [],
      help: {
        'zh-CN': '在五类活动之外增加本地活动类型，如“代表接待日”',
        en: 'Local kinds beyond the five standard ones, such as "deputy reception day"',
      },
    }),
    weight('weightAttendMeeting', '出席会议', 'attending meetings', 10),
    weight('weightInspection', '调研视察', 'research and inspections', 8),
    weight('weightSuggestion', '提出建议', 'submitting suggestions', 10),
    weight('weightContactConstituents', '联系选民', 'contacting constituents', 8),
    weight('weightGroupActivity', '小组活动', 'delegation group activities', 6),
    integerField('annualScoreCap', { 'zh-CN': '年度评价分上限', en: 'Annual evaluation cap' }, {
      min: 1,
      max: 1000,
      default: 100,
      help: {
        'zh-CN': '每名代表每年累计得分不超过此值',
        en: "A deputy's yearly score stops at this value",
      },
    }),
  ],
};
