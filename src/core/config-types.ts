// The configuration an rca or runbook command runs with, after flags, environment and rca.config.yaml are
// merged: its own file so config.ts (which builds it) and config-launch/config-demo (which read it) form no circle.
import type { LimitsConfig, McpServerConfig, ModelConfig } from './config-schema.js';
import type { ResolvedSources } from './sources.js';
import type { WatchFields } from './watch-schema.js';

export interface ResolvedConfig {
  sources: ResolvedSources;
  mcpServers: Record<string, McpServerConfig>;
  model: ModelConfig;
  limits: LimitsConfig;
  window?: string;
  /** Fixed report moment (ISO), passed to every built-in server as --at. */
  at?: string;
  /** The SQLite file, resolved once: --db, INCIDENT_COPILOT_DB, `db:` in the file, the XDG default. */
  db: string;
  /** The file's `watch:` section; `rca watch` merges its flags and RCA_WATCH_* variables over it. */
  watch: WatchFields;
  configPath: string | null;
}
