export * from './auth.ts';
export * from './tenants.ts';
export * from './modules.ts';
export * from './accounts.ts';
