// The store's public surface: open the one SQLite file and read or write each table group.
// Callers import from here; each table group lives in its own module.
export { openStore, guard, type Db, type OpenOptions } from './open.js';
export { StoreError, type StoreFailure } from './errors.js';
export { importSpooled, spoolExecution, SPOOL_ENV } from './unrecorded.js';
export { sqliteBinding } from './sqlite-binding.js';
export { migrate, schemaVersion, LATEST_VERSION, MIGRATIONS } from './migrations.js';
export * from './executions.js';
export * from './runbook-versions.js';
export * from './investigations.js';
export * from './follow-ups.js';
export * from './failures.js';
export * from './review-queue.js';
export * from './improvement-attempts.js';
export * from './stats.js';
export { copyStore, tableCounts, type TableCopy } from './copy.js';
export * from './watch-incidents.js';
export * from './watch-deliveries.js';
export * from './watch-watchers.js';
