import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import { packRules } from '@casl/ability/extra';

/**
 * What a person may do in the active membership. Row visibility is the database's job (RLS);
 * these rules decide actions on what is visible: roles, ownership and fields.
 */
export type Action = 'manage' | 'read' | 'create' | 'update' | 'delete' | 'import' | 'retire' | 'lock';
export type Subject = 'Tenant' | 'Membership' | 'User' | 'Unit' | 'Module' | 'AuditLog' | 'Session' | 'Insights' | 'all';
export type AppAbility = MongoAbility<[Action, Subject | Record<string, unknown>]>;

export interface AbilityInput {
  userId: string;
  tenantId: string;
  roles: readonly string[];
}

type Can = AbilityBuilder<AppAbility>['can'];

const byRole: Record<string, (can: Can, input: AbilityInput) => void> = {
  platform_admin(can) {
    can(['read', 'create', 'update', 'retire'], 'Tenant');
    can(['read', 'create', 'update', 'import'], 'Membership');
    can(['read', 'create', 'update'], 'Unit');
    can(['read', 'update', 'lock'], 'Module');
    can('read', ['AuditLog', 'Insights', 'User']);
  },
  tenant_admin(can, { tenantId }) {
    can('read', 'Tenant');
    can('update', 'Tenant', ['requireTotp'], { id: tenantId });
    can(['read', 'import'], 'Membership');
    can(['create', 'update'], 'Membership', { tenantId });
    can('read', 'Unit');
    can(['create', 'update'], 'Unit', { tenantId });
    can('read', 'Module');
    can('update', 'Module', { tenantId });
    can('read', ['AuditLog', 'Insights', 'User']);
  },
  staff(can) {
    can('read', ['Tenant', 'Membership', 'Unit', 'Module', 'Insights', 'User']);
  },
  committee_member(can) {
    can('read', ['Tenant', 'Insights']);
  },
  deputy(can) {
    can('read', 'Tenant');
  },
  unit_officer(can) {
    can('read', 'Tenant');
  },
  station_admin(can) {
    can('read', ['Tenant', 'Unit']);
  },
};

/**
 * Build the ability of one active membership.
 * @example defineAbilityFor({ userId, tenantId, roles: ['staff'] }).can('read', 'Membership') // true
 */
export function defineAbilityFor(input: AbilityInput): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const role of input.roles) byRole[role]?.(can, input);
  // Everyone manages their own sessions and their own account.
  can(['read', 'delete'], 'Session', { userId: input.userId });
  can(['read', 'update'], 'User', { id: input.userId });
  return build();
}

/** The rules in CASL's packed form, for the web app to rebuild the same ability. */
export function packedRulesFor(ability: AppAbility) {
  return packRules(ability.rules as never);
}

/** Wrap a plain row so CASL matches it against a subject type's conditions. */
export function subjectOf<T extends Record<string, unknown>>(type: Exclude<Subject, 'all'>, row: T): T & { __caslSubjectType__: string } {
  return Object.assign({ __caslSubjectType__: type }, row);
}

export { createMongoAbility };
