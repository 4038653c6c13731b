import { describe, expect, it } from 'vitest';
import { createMongoAbility } from '@casl/ability';
import { unpackRules } from '@casl/ability/extra';
import { defineAbilityFor, packedRulesFor, subjectOf } from './index.ts';

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
    for (const s of ['Membership', 'Module', 'AuditLog', 'Unit'] as const) expect(a.can('read', s)).toBe(false);
    expect(a.can('import', 'Membership')).toBe(false);
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
});
