// The CASL ability of the active membership, rebuilt from the packed rules in `me.rules`.
// It only decides what the interface offers; the API enforces the same rules on every request.

import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { unpackRules, type PackRule } from '@casl/ability/extra';

export type Action = 'read' | 'create' | 'update' | 'delete' | 'import' | 'retire' | 'lock' | 'manage' | 'submit' | 'verify' | 'publish' | 'respond'
	| 'handle' | 'process' | 'urge' | 'rate' | 'readContact'
	| 'cosign' | 'review' | 'assign' | 'supervise' | 'export';
export type Subject =
	| 'Tenant' | 'Membership' | 'User' | 'Unit' | 'Module' | 'AuditLog' | 'Session' | 'Insights'
	| 'Deputy' | 'Registry' | 'File' | 'Activity' | 'Event' | 'Evaluation'
	| 'Case' | 'Scenario' | 'Calendar' | 'Webhook' | 'IntegrationKey'
	| 'Suggestion' | 'SuggestionConfig' | 'SupervisionSubject'
	| 'all';
export type AppAbility = MongoAbility<[Action, Subject]>;

/** Builds the ability from packed rules; malformed input yields an ability that allows nothing. */
export function buildAbility(packed: unknown[]): AppAbility {
	try {
		const rules = unpackRules(packed as PackRule<RawRuleOf<AppAbility>>[]);
		return createMongoAbility<[Action, Subject]>(rules);
	} catch {
		return createMongoAbility<[Action, Subject]>([]);
	}
}
