export * from './types.ts';
export * from './tenants.ts';
export * from './identity.ts';
export * from './platform.ts';
