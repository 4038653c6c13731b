import { describe, expect, it } from 'vitest';
import { createMongoAbility } from '@casl/ability';
import { unpackRules } from '@casl/ability/extra';
import { defineAbilityFor, packedRulesFor, readsAll, subjectOf } from './index.ts';

const tenantId = 't-funing';
const other = 't-sheyang';

describe('abilities', () => {
  it('lets a tenant admin change settings of the own tenant only', () => {
    const a = defineAbilityFor({ userId: 'u1', tenantId, roles: ['tenant_admin'] });
    expect(a.can('update', subjectOf('Tenant', { id: tenantId }), 'requireTotp')).toBe(true);
    expect(a.can('update', subjectOf('Tenant', { id: other }), 'requireTotp')).toBe(false);
    expect(a.can('update', subjectOf('Tenant', { id: tenantId }), 'name')).toBe(false);
    expect(a.can('retire', 'Tenant')).toBe(false);
  });

  it('lets only the provincial team lock modules and change the tree', () => {
    const admin = defineAbilityFor({ userId: 'u1', tenantId, roles: ['tenant_admin'] });
    const team = defineAbilityFor({ userId: 'u2', tenantId, roles: ['platform_admin'] });
    expect(admin.can('lock', 'Module')).toBe(false);
    expect(team.can('lock', 'Module')).toBe(true);
    expect(team.can('create', 'Tenant')).toBe(true);
  });

  it('gives a deputy no administrative action', () => {
    const a = defineAbilityFor({ userId: 'u3', tenantId, roles: ['deputy'] });
    for (const s of ['Membership', 'Module', 'AuditLog'] as const) expect(a.can('read', s)).toBe(false);
    expect(a.can('import', 'Membership')).toBe(false);
    // They read units (to transfer a case they took) but never change them.
    expect(a.can('read', 'Unit')).toBe(true);
    for (const action of ['create', 'update'] as const) expect(a.can(action, subjectOf('Unit', { tenantId }))).toBe(false);
  });

  it('limits sessions to their owner', () => {
    const a = defineAbilityFor({ userId: 'u3', tenantId, roles: ['staff'] });
    expect(a.can('delete', subjectOf('Session', { userId: 'u3' }))).toBe(true);
    expect(a.can('delete', subjectOf('Session', { userId: 'u4' }))).toBe(false);
  });

  it('round-trips through packed rules to the same decisions', () => {
    const a = defineAbilityFor({ userId: 'u1', tenantId, roles: ['tenant_admin'] });
    const b = createMongoAbility(unpackRules(packedRulesFor(a) as never) as never);
    expect(b.can('import', 'Membership')).toBe(true);
    expect(b.can('update', subjectOf('Module', { tenantId }))).toBe(true);
    expect(b.can('update', subjectOf('Module', { tenantId: other }))).toBe(false);
  });

  it('lets a deputy change an own activity only while it is a draft or returned', () => {
    const a = defineAbilityFor({ userId: 'u3', tenantId, roles: ['deputy'] });
    const own = (state: string) => subjectOf('Activity', { tenantId, deputyUserId: 'u3', state });
    expect(a.can('update', own('draft'))).toBe(true);
    expect(a.can('submit', own('returned'))).toBe(true);
    expect(a.can('update', own('submitted'))).toBe(false);
    expect(a.can('update', subjectOf('Activity', { tenantId, deputyUserId: 'u4', state: 'draft' }))).toBe(false);
    expect(a.can('verify', own('submitted'))).toBe(false);
    expect(a.can('read', subjectOf('Activity', { tenantId, deputyUserId: 'u4' }))).toBe(false);
    expect(readsAll(a, 'Activity')).toBe(false);
  });

  it('lets staff verify activities of their own congress only', () => {
    const a = defineAbilityFor({ userId: 'u5', tenantId, roles: ['staff'] });
    expect(a.can('verify', subjectOf('Activity', { tenantId }))).toBe(true);
    expect(a.can('verify', subjectOf('Activity', { tenantId: other }))).toBe(false);
    expect(readsAll(a, 'Activity')).toBe(true);
    expect(a.can('create', subjectOf('Deputy', { tenantId }))).toBe(true);
    expect(a.can('create', subjectOf('Deputy', { tenantId: other }))).toBe(false);
  });

  it('lets a deputy answer only invitations of their own', () => {
    const a = defineAbilityFor({ userId: 'u3', tenantId, roles: ['deputy'] });
    expect(a.can('respond', subjectOf('Event', { tenantId, invitedUserIds: ['u3', 'u9'], state: 'scheduled' }))).toBe(true);
    expect(a.can('respond', subjectOf('Event', { tenantId, invitedUserIds: ['u9'], state: 'scheduled' }))).toBe(false);
    expect(a.can('respond', subjectOf('Event', { tenantId, invitedUserIds: ['u3'], state: 'cancelled' }))).toBe(false);
    expect(a.can('create', 'Event')).toBe(false);
  });
});
