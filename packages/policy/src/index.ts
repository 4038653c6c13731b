import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import { packRules } from '@casl/ability/extra';

/**
 * What a person may do in the active membership. Row visibility is the database's job (RLS);
 * these rules decide actions on what is visible: roles, ownership and fields.
 */
export type Action = 'manage' | 'read' | 'create' | 'update' | 'delete' | 'import' | 'retire' | 'lock' | 'submit' | 'verify' | 'publish' | 'respond'
  | 'handle' | 'process' | 'urge' | 'rate' | 'readContact'
  | 'cosign' | 'review' | 'assign' | 'supervise' | 'export';
export type Subject =
  | 'Tenant' | 'Membership' | 'User' | 'Unit' | 'Module' | 'AuditLog' | 'Session' | 'Insights'
  | 'Deputy' | 'Registry' | 'File' | 'Activity' | 'Event' | 'Evaluation'
  | 'Case' | 'Scenario' | 'Calendar' | 'Webhook' | 'IntegrationKey'
  | 'Suggestion' | 'SuggestionConfig' | 'SupervisionSubject'
  | 'all';
export type AppAbility = MongoAbility<[Action, Subject | Record<string, unknown>]>;

export interface AbilityInput {
  userId: string;
  tenantId: string;
  roles: readonly string[];
}

type Can = AbilityBuilder<AppAbility>['can'];

/** Staff and admins keep the registry and the duty records of their own congress. */
function registryStaff(can: Can, tenantId: string) {
  can('read', ['Deputy', 'Registry', 'Activity', 'Event', 'Evaluation', 'File']);
  can(['create', 'update', 'import'], ['Deputy', 'Registry'], { tenantId });
  can('create', 'File', { tenantId });
  can(['create', 'update', 'delete', 'submit', 'verify', 'publish'], 'Activity', { tenantId });
  can(['create', 'update'], 'Event', { tenantId });
  caseStaff(can, tenantId);
}

/**
 * Staff of a congress take, route and supervise its cases and keep its scenarios and calendar.
 * Case subjects carry `deputyUserId` (the handling deputy's person) and `officerUserIds` (the
 * officers of the units assigned in the current round), computed by the queries.
 */
function caseStaff(can: Can, tenantId: string) {
  can('read', ['Case', 'Scenario', 'Calendar']);
  can(['create', 'handle', 'urge', 'readContact'], 'Case', { tenantId });
  can(['create', 'update'], ['Scenario', 'Calendar'], { tenantId });
  suggestionStaff(can, tenantId);
}

/**
 * Staff review, number, assign and supervise the motions and suggestions of their congress and
 * keep its sessions, categories and supervision subjects; they urge anywhere in their subtree.
 * Suggestion subjects carry `authorUserIds` (signed authors), `signerUserIds` (everyone invited
 * or signed), `invitedUserIds` (awaiting a signature), `officerUserIds` (officers of the units
 * of the current round), `supervisorUserId`, `filed` (numbered) and `state`.
 */
function suggestionStaff(can: Can, tenantId: string) {
  can(['read', 'export'], ['Suggestion', 'SuggestionConfig', 'SupervisionSubject']);
  can(['review', 'assign', 'supervise', 'publish'], 'Suggestion', { tenantId });
  can('urge', 'Suggestion');
  can(['create', 'update', 'delete'], ['SuggestionConfig', 'SupervisionSubject'], { tenantId });
}

const byRole: Record<string, (can: Can, input: AbilityInput) => void> = {
  platform_admin(can, { tenantId }) {
    can(['read', 'create', 'update', 'retire'], 'Tenant');
    can(['read', 'create', 'update', 'import'], 'Membership');
    can(['read', 'create', 'update'], 'Unit');
    can(['read', 'update', 'lock'], 'Module');
    can('read', ['AuditLog', 'Insights', 'User']);
    can('read', ['Deputy', 'Registry', 'Activity', 'Event', 'Evaluation', 'File', 'Case', 'Scenario', 'Calendar']);
    can(['create', 'update'], ['Scenario', 'Calendar'], { tenantId });
    can('read', ['Suggestion', 'SuggestionConfig', 'SupervisionSubject']);
  },
  tenant_admin(can, { tenantId }) {
    registryStaff(can, tenantId);
    can('read', 'Tenant');
    can('update', 'Tenant', ['requireTotp'], { id: tenantId });
    can(['read', 'import'], 'Membership');
    can(['create', 'update'], 'Membership', { tenantId });
    can('read', 'Unit');
    can(['create', 'update'], 'Unit', { tenantId });
    can('read', 'Module');
    can('update', 'Module', { tenantId });
    can('read', ['AuditLog', 'Insights', 'User']);
    can(['read', 'create', 'update', 'delete'], ['Webhook', 'IntegrationKey'], { tenantId });
  },
  staff(can, { tenantId }) {
    can('read', ['Tenant', 'Membership', 'Unit', 'Module', 'Insights', 'User']);
    registryStaff(can, tenantId);
  },
  committee_member(can, { userId }) {
    can('read', ['Tenant', 'Insights']);
    can('read', ['Deputy', 'Registry', 'Activity', 'Event', 'Evaluation', 'Case']);
    // The motions and suggestions of the congress; key ones under their supervision on their dashboard.
    can('read', ['Suggestion', 'SuggestionConfig', 'SupervisionSubject']);
    can('urge', 'Suggestion', { supervisorUserId: userId });
  },
  deputy(can, { tenantId, userId }) {
    can('read', 'Tenant');
    can('read', 'Registry');
    can('read', 'Deputy', { userId });
    can('create', 'File', { tenantId });
    can('read', 'File');
    // Their own records: written while still a draft or returned, read always.
    can('read', 'Activity', { deputyUserId: userId });
    can('create', 'Activity', { tenantId, deputyUserId: userId });
    can(['update', 'delete', 'submit'], 'Activity', { tenantId, deputyUserId: userId, state: { $in: ['draft', 'returned'] } });
    can('read', 'Event', { invitedUserIds: userId });
    can('respond', 'Event', { tenantId, invitedUserIds: userId, state: 'scheduled' });
    // Cases addressed to them or raised by them; they take and route the former.
    can('read', 'Case', { deputyUserId: userId });
    can('read', 'Case', { submittedBy: userId });
    can('create', 'Case', { tenantId });
    can(['handle', 'readContact'], 'Case', { tenantId, deputyUserId: userId });
    can('rate', 'Case', { tenantId, submittedBy: userId });
    can('read', ['Scenario', 'Calendar']);
    // To transfer a case they took, they pick its congress's units.
    can('read', 'Unit');
    // Motions and suggestions: their own at every step, others' once filed (the database).
    can('read', 'Suggestion', { signerUserIds: userId });
    can('read', 'Suggestion', { filed: true });
    can('read', 'SuggestionConfig');
    can('create', 'Suggestion', { tenantId });
    can(['update', 'submit'], 'Suggestion', { tenantId, authorUserIds: userId, state: { $in: ['draft', 'returned'] } });
    // Withdrawing (delete) is possible until staff accept it.
    can('delete', 'Suggestion', { tenantId, authorUserIds: userId, state: { $in: ['draft', 'submitted', 'returned'] } });
    can('cosign', 'Suggestion', { tenantId, invitedUserIds: userId, state: { $in: ['draft', 'submitted', 'returned'] } });
    can('rate', 'Suggestion', { tenantId, authorUserIds: userId, state: 'replied' });
  },
  unit_officer(can, { tenantId, userId }) {
    can('read', 'Tenant');
    // Cases assigned to one of their units: sign for, reply or give an opinion, ask to reassign.
    can(['read', 'process'], 'Case', { tenantId, officerUserIds: userId });
    // Motions and suggestions assigned to one of their units: sign for, reply or give an opinion, ask to reassign.
    can(['read', 'process'], 'Suggestion', { tenantId, officerUserIds: userId });
    can('create', 'File', { tenantId });
    can('read', 'File');
  },
  station_admin(can) {
    can('read', ['Tenant', 'Unit', 'Deputy', 'Registry']);
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

/**
 * Whether the ability reads every visible row of a subject type, or only rows matching
 * conditions (a deputy reads only their own activities). List queries narrow on the latter.
 * @example readsAll(ability, 'Activity') // false for a deputy, true for staff
 */
export function readsAll(ability: AppAbility, subject: Exclude<Subject, 'all'>): boolean {
  return ability.rulesFor('read', subject).some((r) => !r.inverted && !r.conditions);
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
