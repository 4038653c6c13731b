export * from './auth.ts';
export * from './tenants.ts';
export * from './modules.ts';
export * from './accounts.ts';
export * from './events.ts';
export * from './deputies.ts';
export * from './activities.ts';
export * from './cases.ts';
