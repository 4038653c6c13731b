export * from './types.ts';
export * from './tenants.ts';
export * from './identity.ts';
export * from './platform.ts';
export * from './files.ts';
export * from './deputies.ts';
export * from './duties.ts';
export * from './cases.ts';
