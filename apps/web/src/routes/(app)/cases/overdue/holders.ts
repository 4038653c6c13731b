// Who holds an overdue step: the handling deputy (accept, close), the assigned units (sign,
// reply), or the congress's staff when no deputy handles the case.

import type { CaseRow } from '#lib/cases-types.ts';
import { m } from '#lib/i18n.ts';

export type HolderKind = 'deputy' | 'unit' | 'staff';
export interface Holder {
	kind: HolderKind;
	/** Groups cases of one holder: a deputy, a unit (per congress) or a congress's staff. */
	key: string;
	name: string;
}
export type OverdueCase = CaseRow & { holder: Holder };

export const holderKinds: HolderKind[] = ['deputy', 'unit', 'staff'];
export const holderColors: Record<HolderKind, string> = { deputy: '#b91c1c', unit: '#1d4ed8', staff: '#92400e' };

export function holderKindName(kind: HolderKind): string {
	return kind === 'deputy' ? m.casesadmin_holder_deputy() : kind === 'unit' ? m.casesadmin_holder_unit() : m.casesadmin_holder_staff();
}

export function holderOf(c: CaseRow, unitNames?: string[]): Holder {
	if (c.dueStep === 'sign' || c.dueStep === 'reply') {
		const name = unitNames?.length ? unitNames.join('、') : m.casesadmin_holder_unit_unknown();
		return { kind: 'unit', key: `unit:${c.tenantId}:${name}`, name };
	}
	if (c.deputy && (c.dueStep === 'accept' || c.dueStep === 'close')) {
		return { kind: 'deputy', key: `deputy:${c.deputy.id}`, name: c.deputy.displayName };
	}
	return { kind: 'staff', key: `staff:${c.tenantId}`, name: m.casesadmin_holder_staff_of({ name: c.tenantName }) };
}
