// Globals k6 provides that @types/k6 does not declare. Only for type-checking (tsconfig.json);
// k6 never loads this file.
declare var console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
};
