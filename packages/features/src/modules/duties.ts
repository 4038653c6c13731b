import { booleanField, integerField, listField, type ConfigField, type ConfigValues } from '../fields.ts';
import type { ModuleDefinition } from '../module.ts';

/** The five standard activity kinds, with the config keys of their weight and yearly cap. */
export const activityKindSettings = [
  { kind: 'meeting', zh: '出席会议', en: 'attending meetings', weight: 10, cap: 40 },
  { kind: 'inspection', zh: '调研视察', en: 'research and inspections', weight: 8, cap: 40 },
  { kind: 'suggestion', zh: '提出建议', en: 'submitting suggestions', weight: 10, cap: 30 },
  { kind: 'constituents', zh: '联系选民', en: 'contacting constituents', weight: 8, cap: 40 },
  { kind: 'group', zh: '小组活动', en: 'delegation group activities', weight: 6, cap: 30 },
] as const;

const titleCase = (kind: string) => kind[0].toUpperCase() + kind.slice(1);

// Each kind scores its own points up to its own yearly cap; congresses set local values.
function kindFields(s: (typeof activityKindSettings)[number]): ConfigField[] {
  return [
    integerField(`weight${titleCase(s.kind)}`, { 'zh-CN': `每次得分：${s.zh}`, en: `Points each: ${s.en}` }, { min: 0, max: 100, default: s.weight }),
    integerField(`cap${titleCase(s.kind)}`, { 'zh-CN': `年度上限：${s.zh}`, en: `Yearly cap: ${s.en}` }, { min: 0, max: 1000, default: s.cap }),
  ];
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
    booleanField('publishOnVerify', { 'zh-CN': '审核通过后自动公开', en: 'Publish when verified' }, {
      default: true,
      help: {
        'zh-CN': '关闭后，已审核的活动需由工作人员逐条公开到代表履职主页',
        en: 'When off, staff publish verified activities to the public profile one by one',
      },
    }),
    ...activityKindSettings.flatMap(kindFields),
    integerField('weightCustom', { 'zh-CN': '每次得分：自定义类型', en: 'Points each: custom kinds' }, { min: 0, max: 100, default: 5 }),
    integerField('capCustom', { 'zh-CN': '年度上限：自定义类型', en: 'Yearly cap: custom kinds' }, { min: 0, max: 1000, default: 20 }),
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

/** Points and caps of one congress, read from its resolved `duties` configuration. */
export interface ScoringRules {
  weights: Record<string, number>;
  caps: Record<string, number>;
  /** Weight and cap of every `custom:` kind. */
  custom: { weight: number; cap: number };
  annualCap: number;
}

/**
 * The scoring rules in a resolved `duties` configuration.
 * @example scoringRules(flags.duties.config).weights.meeting // 10
 */
export function scoringRules(config: ConfigValues): ScoringRules {
  const weights: Record<string, number> = {};
  const caps: Record<string, number> = {};
  for (const s of activityKindSettings) {
    weights[s.kind] = Number(config[`weight${titleCase(s.kind)}`] ?? s.weight);
    caps[s.kind] = Number(config[`cap${titleCase(s.kind)}`] ?? s.cap);
  }
  return {
    weights,
    caps,
    custom: { weight: Number(config.weightCustom ?? 5), cap: Number(config.capCustom ?? 20) },
    annualCap: Number(config.annualScoreCap ?? 100),
  };
}

/**
 * A deputy's yearly score: each kind scores count × weight up to its cap, and the sum stops at
 * the annual cap.
 * @example yearScore({ meeting: 2 }, rules) // 20 with the default rules
 */
export function yearScore(counts: Record<string, number>, rules: ScoringRules): number {
  let total = 0;
  for (const [kind, n] of Object.entries(counts)) {
    const custom = kind.startsWith('custom:');
    const weight = custom ? rules.custom.weight : (rules.weights[kind] ?? 0);
    const cap = custom ? rules.custom.cap : (rules.caps[kind] ?? 0);
    total += Math.min(n * weight, cap);
  }
  return Math.min(total, rules.annualCap);
}
