// Composition for `rca`: the one place the investigation's concrete objects are built -- the MCP hub, the
// optional Ollama provider, the SQLite store, the runbook catalogue and the `runbook exec` child process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import type { ResolvedConfig } from '../core/config.js';
import type { EventSink } from '../core/events.js';
import type { LlmProvider } from '../llm/index.js';
import type { McpHub } from '../mcp/index.js';
import type { MatchCandidate } from '../runbook/match.js';
import type { Db } from '../store/index.js';

type Env = Record<string, string | undefined>;

export { resolveRunConfig } from './compose.js';

/** Starts the configured servers; server and tool-call events go to `events`. The caller closes the hub. */
export async function startRcaHub(config: ResolvedConfig, events: EventSink, env: Env = process.env): Promise<McpHub> {
  const [{ composeHub }, { createLogger }] = await Promise.all([import('./compose.js'), import('../core/logger.js')]);
  return composeHub(config, events, { env, logger: createLogger('hub') });
}

/**
 * The Ollama provider when a model is named (--model, OLLAMA_MODEL or the config file) and --offline is
 * not given; null means the offline report is the whole answer. Reachability is checked by the caller.
 */
export async function createModelProvider(config: ResolvedConfig, opts: { offline: boolean; env?: Env }): Promise<LlmProvider | null> {
  if (opts.offline) return null;
  const { resolveOllamaSettings, createOllamaProvider } = await import('../llm/index.js');
  const settings = resolveOllamaSettings(opts.env ?? process.env, { model: config.model.name, host: config.model.host });
  if (!settings.model) return null;
  const m = config.model;
  return createOllamaProvider({
    host: settings.host, model: settings.model, apiKey: settings.apiKey,
    numPredict: m.num_predict, chatTimeoutMs: m.timeout_ms, firstTokenTimeoutMs: m.first_token_timeout_ms,
  });
}

/** Opens (and migrates) the history database: --db, then the config's db, then INCIDENT_COPILOT_DB, then XDG. */
export async function openRcaStore(dbFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<{ db: Db; path: string }> {
  const { openStore, resolveDbPath } = await import('../store/index.js');
  const path = resolveDbPath(dbFlag, env);
  return { db: openStore(path), path };
}

/** Opens the history database read-only for listing; null when the file does not exist yet. */
export async function openHistoryStore(dbFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<{ db: Db | null; path: string }> {
  const [{ openStore, resolveDbPath }, { existsSync }] = await Promise.all([import('../store/index.js'), import('node:fs')]);
  const path = resolveDbPath(dbFlag, env);
  if (path !== ':memory:' && !existsSync(path)) return { db: null, path };
  return { db: openStore(path, { readonly: path !== ':memory:' }), path };
}

export interface CatalogEntry extends MatchCandidate {
  /** Names of the runbook's params, so the offer can fill the obvious ones from the report. */
  params: string[];
}

/** Just what matching and the offer read; the full schema and lint run when `runbook exec` loads the one chosen. */
const catalogEntrySchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  match: z
    .object({
      categories: z.array(z.string()).default([]),
      signatures: z.array(z.string()).default([]),
      services: z.array(z.string()).default([]),
    })
    .optional(),
  params: z.array(z.object({ name: z.string() })).default([]),
});

/**
 * Runbooks a report may name: the active versions in the database first (they win over a file of the same
 * id), then the files under the runbooks directory. Read with plain YAML parsing (no positions, no lint:
 * ~5x cheaper); a file that is not a runbook is skipped here, and `runbook lint` / `runbook exec` report it.
 */
export async function loadRunbookCatalog(db: Db | null, opts: { dir?: string } = {}): Promise<CatalogEntry[]> {
  const [{ findRunbookFiles, runbooksDir }, { parse }, store, { readFileSync }] = await Promise.all([
    import('../runbook/catalog.js'),
    import('yaml'),
    import('../store/index.js'),
    import('node:fs'),
  ]);
  const out: CatalogEntry[] = [];
  const add = (text: () => string) => {
    try {
      const rb = catalogEntrySchema.safeParse(parse(text()));
      if (rb.success) out.push({ id: rb.data.id, title: rb.data.title, match: rb.data.match, params: rb.data.params.map((p) => p.name) });
    } catch {
      // Unreadable or not YAML: not a candidate.
    }
  };
  if (db) for (const v of store.listRunbooks(db)) if (v.status === 'active') add(() => v.yaml);
  for (const file of findRunbookFiles(opts.dir ?? runbooksDir())) add(() => readFileSync(file, 'utf8'));
  return out;
}

/** The argv (after `node`) of `runbook exec` for an offered runbook: bin/runbook.js of this package. */
export async function runbookExecArgv(
  id: string,
  opts: { params: Record<string, string>; incidentId: string | null; db: string; config: Pick<ResolvedConfig, 'configPath' | 'sources'> },
): Promise<string[]> {
  const { packageRoot } = await import('../core/config.js');
  const args = [join(packageRoot(), 'bin', 'runbook.js'), 'exec', id, '--db', opts.db];
  if (opts.incidentId) args.push('--incident', opts.incidentId);
  // Tool steps reach the same servers the investigation read: its config file and its Docker source.
  if (opts.config.configPath) args.push('--config', opts.config.configPath);
  const docker = opts.config.sources.docker;
  if (docker === true) args.push('--docker');
  else if (docker !== undefined) args.push('--docker', docker);
  for (const [k, v] of Object.entries(opts.params)) args.push('--param', `${k}=${v}`);
  return args;
}

/** Runs `runbook exec` as a child on this terminal (its own plan and confirmations); resolves its exit code. */
export function runRunbookExec(argv: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
  });
}
