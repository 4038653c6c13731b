import type { Tx } from '@renda/db';
import type { Localized, ModuleKey } from '@renda/features';
import type { DeputyRef } from '../deputies/deputies.lookup.ts';

/**
 * What another module adds to a deputy's archive (一人一档): cases handled, suggestions filed …
 * The duties module does not read those modules' tables; each registers a provider that counts
 * through its own code, inside the archive's transaction (so under the caller's tenant settings).
 */
export interface ContributionProvider {
  module: ModuleKey;
  label: Localized;
  count(tx: Tx, deputy: DeputyRef): Promise<number>;
}

/** The registered providers, in registration order. Ships empty; cases and suggestions add theirs. */
export const contributionProviders: ContributionProvider[] = [];

/**
 * Add a provider (once per module: registering a module again replaces its provider).
 * @example registerContribution({ module: 'cases', label: { 'zh-CN': '办理民意', en: 'Cases handled' }, count: countCases })
 */
export function registerContribution(provider: ContributionProvider): void {
  const at = contributionProviders.findIndex((p) => p.module === provider.module);
  if (at >= 0) contributionProviders.splice(at, 1, provider);
  else contributionProviders.push(provider);
}

/** Remove a module's provider (tests, and a module that is unloaded). */
export function unregisterContribution(module: ModuleKey): void {
  const at = contributionProviders.findIndex((p) => p.module === module);
  if (at >= 0) contributionProviders.splice(at, 1);
}

/**
 * The contributions of one seat, from the providers whose module is on for the congress that
 * owns the seat; `enabled` answers that (the caller resolves flags before the transaction).
 * @example await contributionsOf(tx, deputy, (m) => flags[m].enabled) // [] with no provider
 */
export async function contributionsOf(tx: Tx, deputy: DeputyRef, enabled: (module: ModuleKey) => boolean) {
  const out: { module: ModuleKey; label: Localized; count: number }[] = [];
  for (const p of contributionProviders) {
    if (enabled(p.module)) out.push({ module: p.module, label: p.label, count: await p.count(tx, deputy) });
  }
  return out;
}
