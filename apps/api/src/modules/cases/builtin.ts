import { sql } from 'drizzle-orm';
import type { ScenarioCreate, ScenarioDeadlines, ScenarioTemplates } from '@renda/contracts';
import type { Tx } from '@renda/db';

/**
 * Message templates per notification kind, used when a scenario has none of its own for a kind.
 * Placeholders: {ticket} {title} {deputy} {unit} {due} {link}.
 */
export const defaultTemplates: ScenarioTemplates = {
  submitted: { 'zh-CN': '您有一件新诉求待受理：{title}（编号 {ticket}），请于 {due} 前处理。', en: 'A new case awaits you: {title} ({ticket}); please act by {due}.' },
  accepted: { 'zh-CN': '您反映的问题（编号 {ticket}）已由{deputy}受理。', en: 'Your case {ticket} was taken up by {deputy}.' },
  transferred: { 'zh-CN': '交办件：{title}（编号 {ticket}）已交{unit}办理，请于 {due} 前签收。', en: 'Case {ticket} "{title}" was assigned to {unit}; please sign for it by {due}.' },
  signed: { 'zh-CN': '{unit}已签收诉求（编号 {ticket}）：{title}。', en: '{unit} signed for case {ticket}: {title}.' },
  opinion: { 'zh-CN': '{unit}对诉求（编号 {ticket}）提出了会办意见。', en: '{unit} gave a co-handling opinion on case {ticket}.' },
  replied: { 'zh-CN': '{unit}已答复诉求（编号 {ticket}）：{title}，请审核办结。', en: '{unit} replied to case {ticket} "{title}"; please review and close it.' },
  returned: { 'zh-CN': '{unit}申请退回诉求（编号 {ticket}）：{title}，请重新交办。', en: '{unit} returned case {ticket} "{title}"; please reassign it.' },
  answered: { 'zh-CN': '您反映的问题（编号 {ticket}）已答复，查看并评价：{link}', en: 'Your case {ticket} has been answered. View and rate it: {link}' },
  closed: { 'zh-CN': '您反映的问题（编号 {ticket}）已办结，查看并评价：{link}', en: 'Your case {ticket} is closed. View and rate it: {link}' },
  reopened: { 'zh-CN': '诉求（编号 {ticket}）因不满意重新办理：{title}，请于 {due} 前处理。', en: 'Case {ticket} "{title}" was reopened after an unsatisfied rating; please act by {due}.' },
  urged: { 'zh-CN': '催办：诉求（编号 {ticket}）{title} 请尽快办理，期限 {due}。', en: 'Reminder: please handle case {ticket} "{title}" by {due}.' },
  overdue: { 'zh-CN': '诉求（编号 {ticket}）{title} 已超过办理期限 {due}，请尽快办理。', en: 'Case {ticket} "{title}" passed its deadline {due}; please act now.' },
  escalated: { 'zh-CN': '督办提醒：诉求（编号 {ticket}）{title} 逾期未办（期限 {due}），请督促办理。', en: 'Escalation: case {ticket} "{title}" is overdue since {due}; please supervise.' },
};

const standard: ScenarioDeadlines = {
  accept: { amount: 1, unit: 'workingDays' },
  sign: { amount: 1, unit: 'workingDays' },
  reply: { amount: 5, unit: 'workingDays' },
  close: { amount: 2, unit: 'workingDays' },
  rate: { amount: 7, unit: 'workingDays' },
};

/**
 * The three scenarios every province starts with, shared down to every congress below it.
 * Category `unitCode`s name the usual departments (`water`, `housing`, `env`); a congress whose
 * units use other codes copies the scenario and adapts them.
 */
export const builtinScenarios: readonly ScenarioCreate[] = [
  {
    key: 'people', name: '民生码上见',
    description: '群众扫描代表或联络站的二维码反映身边的急难愁盼问题，代表接单、督促部门办理，群众评价。',
    submitter: 'public', triage: 'deputy',
    fields: [{ key: 'village', label: '所在村（社区）', type: 'text', required: false, options: [], help: '便于代表上门了解情况' }],
    categories: [
      { key: 'consult', name: '政策咨询', unitCode: null },
      { key: 'water', name: '供水用水', unitCode: 'water' },
      { key: 'housing', name: '住房城建', unitCode: 'housing' },
      { key: 'env', name: '生态环境', unitCode: 'env' },
      { key: 'road', name: '道路交通', unitCode: null },
      { key: 'other', name: '其他', unitCode: null },
    ],
    // Consultations answered within 24 hours, as the seeds praise.
    deadlines: { ...standard, accept: { amount: 24, unit: 'hours' } },
    ratingEnabled: true, phoneVerification: true, photosMax: 6, location: 'optional',
    channels: ['inapp', 'sms', 'wechat'], templates: defaultTemplates, sharedDown: true,
  },
  {
    key: 'snapshot', name: '随手拍',
    description: '代表随手拍下乱占、乱采、乱堆、乱建和污染问题，平台按类别自动转给职能部门，人大跟踪督办。',
    submitter: 'deputy', triage: 'auto',
    fields: [],
    categories: [
      { key: 'water', name: '水污染与水利', unitCode: 'water' },
      { key: 'housing', name: '违章搭建与城建', unitCode: 'housing' },
      { key: 'env', name: '大气与生态环境', unitCode: 'env' },
      { key: 'waste', name: '垃圾乱堆乱放', unitCode: 'env' },
      { key: 'other', name: '其他', unitCode: null },
    ],
    deadlines: standard,
    ratingEnabled: true, phoneVerification: false, photosMax: 9, location: 'required',
    channels: ['inapp', 'sms'], templates: defaultTemplates, sharedDown: true,
  },
  {
    key: 'supervise', name: '代表督事',
    description: '代表对职能部门办理群众诉求和民生事项的情况进行督办，人大机关交办、跟踪、评价。',
    submitter: 'deputy', triage: 'staff',
    fields: [
      { key: 'basis', label: '督办依据', type: 'select', required: true, options: ['群众反映', '视察调研', '建议办理跟踪', '其他'], help: '' },
      { key: 'expectedBy', label: '期望办结日期', type: 'date', required: false, options: [], help: '' },
    ],
    categories: [
      { key: 'livelihood', name: '民生保障', unitCode: null },
      { key: 'water', name: '水利水务', unitCode: 'water' },
      { key: 'housing', name: '住房城建', unitCode: 'housing' },
      { key: 'env', name: '生态环境', unitCode: 'env' },
      { key: 'other', name: '其他', unitCode: null },
    ],
    deadlines: { ...standard, reply: { amount: 10, unit: 'workingDays' } },
    ratingEnabled: true, phoneVerification: false, photosMax: 6, location: 'optional',
    channels: ['inapp', 'sms'], templates: defaultTemplates, sharedDown: true,
  },
];

/** Give a congress (a new province) the built-in scenarios; keys it already has are kept. */
export async function seedBuiltinScenarios(tx: Tx, tenantId: string): Promise<void> {
  for (const s of builtinScenarios) {
    await tx.execute(sql`insert into case_scenarios (tenant_id, tenant_path, key, name, description, submitter, triage, fields, categories,
        deadlines, rating_enabled, phone_verification, photos_max, location, channels, templates, shared_down)
      values (${tenantId}, '', ${s.key}, ${s.name}, ${s.description}, ${s.submitter}, ${s.triage}, ${JSON.stringify(s.fields)}::jsonb,
        ${JSON.stringify(s.categories)}::jsonb, ${JSON.stringify(s.deadlines)}::jsonb, ${s.ratingEnabled}, ${s.phoneVerification},
        ${s.photosMax}, ${s.location}, ${JSON.stringify(s.channels)}::jsonb, ${JSON.stringify(s.templates)}::jsonb, ${s.sharedDown})
      on conflict (tenant_id, key) do nothing`);
  }
}
