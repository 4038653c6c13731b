// Shapes of the JSON API (docs/api.md). Kept here until @renda/contracts exports them.

export type Locale = 'zh-CN' | 'en';
export type LocalizedText = Record<Locale, string>;
export type TenantLevel = 'province' | 'city' | 'county' | 'township';

export interface TenantRef {
	id: string;
	code: string;
	name: string;
	level: TenantLevel;
	path: string;
}

export interface Membership {
	id: string;
	tenantId: string;
	roles: string[];
	tenant: TenantRef;
}

export interface ModuleSummary {
	key: string;
	name: LocalizedText;
	enabled: boolean;
	route: string | null;
}

export interface Me {
	user: {
		id: string;
		username: string;
		displayName: string;
		phoneMasked: string | null;
		totpEnabled: boolean;
	};
	memberships: Membership[];
	activeMembershipId: string;
	tenant: TenantRef & { requireTotp: boolean };
	roles: string[];
	modules: ModuleSummary[];
	/** CASL packed rules of the active membership. */
	rules: unknown[];
	totpSetupRequired: boolean;
}

export interface Page<T> {
	items: T[];
	nextCursor: string | null;
}

export interface Tenant extends TenantRef {
	tenantId: string;
	parentId: string | null;
	status: 'active' | 'retired';
	requireTotp: boolean;
	counts: { children: number; memberships: number; units: number };
}

export type ConfigFieldType = 'boolean' | 'integer' | 'number' | 'string' | 'text' | 'enum' | 'list';

export interface ConfigField {
	key: string;
	type: ConfigFieldType;
	label: LocalizedText;
	help?: LocalizedText;
	min?: number;
	max?: number;
	maxLength?: number;
	options?: { value: string; label: LocalizedText }[];
	default: unknown;
	required?: boolean;
}

export type ModuleState = 'on' | 'off' | 'inherit';

export interface Module {
	key: string;
	name: LocalizedText;
	description: LocalizedText;
	defaultEnabled: boolean;
	dependencies: string[];
	state: ModuleState;
	locked: boolean;
	lockedBy: { tenantId: string; name: string } | null;
	enabled: boolean;
	/** The dependency that is off and so turns this module off too. */
	blockedBy?: string | null;
	/** This tenant itself locked the module for its subtree (`locked` is an ancestor's lock). */
	ownLock?: boolean;
	route: string | null;
	fields: ConfigField[];
	configSchema: unknown;
	config: Record<string, unknown>;
}

export type ImportStatus = 'create' | 'update' | 'unchanged' | 'rejected';

export interface ImportReport {
	dryRun: boolean;
	total: number;
	counts: Record<ImportStatus, number>;
	rows: {
		line: number;
		status: ImportStatus;
		username: string;
		tenantCode: string;
		roles: string[];
		reason: string | null;
	}[];
}

export interface AuditEntry {
	id: string;
	at: string;
	tenantId: string;
	tenant: { name: string };
	action: string;
	subjectType: string;
	subjectId: string | null;
	userId: string | null;
	userName: string | null;
	membershipId: string | null;
	requestId: string | null;
	detail: unknown;
}

export interface SessionInfo {
	id: string;
	createdAt: string;
	lastSeenAt: string;
	expiresAt: string;
	ip: string | null;
	userAgent: string | null;
	current: boolean;
}

export interface TotpSetup {
	secret: string;
	uri: string;
	qrSvg: string;
}

export interface AdoptionRow {
	tenantId: string;
	name: string;
	level: TenantLevel;
	code?: string;
	accounts: number;
	active30d: number;
	registrationRate: number;
	activityRate: number;
}

export interface Adoption {
	tenant: TenantRef | Tenant;
	rows: AdoptionRow[];
}
