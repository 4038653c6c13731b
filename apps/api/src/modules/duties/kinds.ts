import { activityKindSettings, type ConfigValues, type Localized } from '@renda/features';

/** One kind a deputy may record in a congress: a standard kind or a local `custom:` one. */
export interface ActivityKind {
  key: string;
  label: Localized;
  custom: boolean;
}

/**
 * The local labels a congress added in its `duties` configuration, trimmed, without blanks or
 * repeats. The configuration schema already bounds the list; this only cleans what it holds.
 */
function customLabels(config: ConfigValues): string[] {
  const raw = Array.isArray(config.customActivityKinds) ? config.customActivityKinds : [];
  const labels = raw.map((label) => String(label).trim()).filter((label) => label.length > 0 && label.length <= 20);
  return [...new Set(labels)];
}

/**
 * The kinds of a congress: the five standard ones, then `custom:<label>` for each local label.
 * A custom label is the congress's own wording, so it reads the same in both languages.
 * @example activityKinds({ customActivityKinds: ['代表接待日'] }).at(-1)
 * // { key: 'custom:代表接待日', label: { 'zh-CN': '代表接待日', en: '代表接待日' }, custom: true }
 */
export function activityKinds(config: ConfigValues): ActivityKind[] {
  const standard = activityKindSettings.map((s) => ({ key: s.kind as string, label: { 'zh-CN': s.zh as string, en: s.en as string }, custom: false }));
  const custom = customLabels(config).map((label) => ({ key: `custom:${label}`, label: { 'zh-CN': label, en: label }, custom: true }));
  return [...standard, ...custom];
}

/**
 * Whether a congress with this `duties` configuration accepts records of `kind`.
 * @example isAllowedKind('custom:代表接待日', { customActivityKinds: [] }) // false
 */
export function isAllowedKind(kind: string, config: ConfigValues): boolean {
  return activityKinds(config).some((k) => k.key === kind);
}
