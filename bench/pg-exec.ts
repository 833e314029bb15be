// 32 concurrent `runbook exec --json` processes (the built CLI) on one PostgreSQL database, then the same while
// the server is restarted mid-run with pg_ctl: every run is recorded once or says on stderr that it was not.
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { RunningPostgres } from '../test/helpers/postgres.js';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'runbook.js');
export const PROCESSES = 32;
/** Each run takes ~3 s of sleeps over 6 steps, so a restart lands in the middle of most of them. */
const STEPS = 6;

export interface RoundResult {
  name: string;
  wallMs: number;
  /** Processes that printed an ExecutionResult on stdout. */
  printed: number;
  /** Rows in the database with the run's final status, each for one printed run. */
  recorded: number;
  /** Printed runs that said (stderr and recorded:false) they could not be recorded. */
  saidUnrecorded: number;
  /** Of those, written later from the spool by the next command on the database. */
  recoveredFromSpool: number;
  /** Processes that printed nothing but said why on stderr (could not even open the store). */
  refusedToStart: number;
  /** Runs neither recorded nor saying so, rows left `running`, or rows no process printed: all must be 0. */
  lost: number;
  duplicated: number;
  stray: number;
  exitCodes: Record<string, number>;
  /** What the processes that did not exit 0 said on stderr, de-duplicated. */
  complaints: string[];
  /** What one run that could not record said on stderr. */
  unrecordedSample: string | null;
}

interface ProcessOut {
  exitCode: number;
  stderr: string;
  json: { execution_id?: string; status?: string; recorded?: boolean } | null;
}

function parseJson(stdout: string): ProcessOut['json'] {
  try {
    return JSON.parse(stdout) as ProcessOut['json'];
  } catch {
    return null;
  }
}

async function count(url: string, sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as Array<Record<string, unknown>>;
  } finally {
    await c.end();
  }
}

/** Runs PROCESSES execs of a fresh runbook; `during` runs alongside (the restart). */
export async function execRound(opts: {
  name: string; server: RunningPostgres; url: string; dir: string; env?: Record<string, string>; during?: (runbookId: string) => Promise<void>;
}): Promise<RoundResult> {
  const runbookId = `RB-PGBENCH-${opts.name.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
  const file = join(opts.dir, `${runbookId}.yaml`);
  writeFileSync(file, `id: ${runbookId}\ntitle: bench ${opts.name}\nsteps:\n${Array.from({ length: STEPS }, (_, i) => `  - id: s${i}\n    run: [sleep, "0.5"]\n`).join('')}`);
  const env = { NO_COLOR: '1', INCIDENT_COPILOT_SPOOL: join(opts.dir, 'spool'), INCIDENT_COPILOT_LEARN: '0', ...opts.env };
  const t0 = performance.now();
  const runs = Array.from({ length: PROCESSES }, () =>
    execa(process.execPath, [BIN, 'exec', file, '--json', '--yes', '--db', opts.url], { reject: false, env, timeout: 180_000 }).then(
      (r): ProcessOut => ({ exitCode: r.exitCode ?? -1, stderr: String(r.stderr), json: parseJson(String(r.stdout)) }),
    ),
  );
  await opts.during?.(runbookId);
  const outs = await Promise.all(runs);
  const wallMs = performance.now() - t0;

  const printed = outs.filter((o) => o.json?.execution_id);
  const unrecorded = printed.filter((o) => o.json!.recorded === false);
  const saidUnrecorded = unrecorded.filter((o) => /was not recorded/.test(o.stderr));
  const rowsOf = async () =>
    new Map((await count(opts.url, 'SELECT id, status FROM executions WHERE runbook_id = $1', [runbookId])).map((r) => [String(r.id), String(r.status)]));
  const before = await rowsOf();
  // The next command on the database writes what the unrecorded runs spooled (as a CI job's next step would).
  if (unrecorded.length > 0) await execa(process.execPath, [BIN, 'history', '--limit', '1', '--db', opts.url], { reject: false, env });
  const rows = await rowsOf();
  const final = (o: ProcessOut) => rows.get(o.json!.execution_id!) === o.json!.status;
  const printedIds = new Set(printed.map((o) => o.json!.execution_id!));
  const exitCodes: Record<string, number> = {};
  for (const o of outs) exitCodes[o.exitCode] = (exitCodes[o.exitCode] ?? 0) + 1;
  return {
    name: opts.name,
    wallMs,
    printed: printed.length,
    recorded: printed.filter((o) => before.get(o.json!.execution_id!) === o.json!.status).length,
    saidUnrecorded: saidUnrecorded.length,
    recoveredFromSpool: unrecorded.filter((o) => before.get(o.json!.execution_id!) !== o.json!.status && final(o)).length,
    refusedToStart: outs.filter((o) => !o.json?.execution_id && o.exitCode !== 0 && /error:/.test(o.stderr)).length,
    lost:
      printed.filter((o) => !final(o) && !(o.json!.recorded === false && /was not recorded/.test(o.stderr))).length +
      outs.filter((o) => !o.json?.execution_id && !/error:/.test(o.stderr)).length +
      [...rows.values()].filter((s) => s === 'running').length,
    duplicated: printed.length - printedIds.size,
    stray: [...rows.keys()].filter((id) => !printedIds.has(id)).length,
    exitCodes,
    unrecordedSample: saidUnrecorded[0]?.stderr.slice(saidUnrecorded[0].stderr.indexOf('error: execution')).trim().replace(/exec-[\w-]+/g, 'exec-…') ?? null,
    complaints: [...new Set(outs.filter((o) => o.exitCode !== 0).map((o) => o.stderr.trim().replace(/exec-[\w-]+/g, 'exec-…')))],
  };
}

/** Resolves once `n` runs of the round are recorded as running (before the first process migrated: none). */
async function runsUnderway(url: string, runbookId: string, n: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const running = await count(url, "SELECT COUNT(*)::int AS n FROM executions WHERE runbook_id = $1 AND status = 'running'", [runbookId]).then(
      ([r]) => Number(r.n),
      () => 0,
    );
    if (running >= n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `pg_ctl restart -m fast` once 8 runs are underway. */
export function restartMidRun(server: RunningPostgres, url: string, log: (m: string) => void) {
  return async (runbookId: string) => {
    await runsUnderway(url, runbookId, 8);
    const t = performance.now();
    server.restart();
    log(`  pg_ctl restart -m fast took ${(performance.now() - t).toFixed(0)} ms`);
  };
}

/** The server stopped for `downMs` once 8 runs are underway: longer than the runs' retry window, so some cannot record. */
export function outageMidRun(server: RunningPostgres, url: string, downMs: number) {
  return async (runbookId: string) => {
    await runsUnderway(url, runbookId, 8);
    await server.halt();
    await new Promise((r) => setTimeout(r, downMs));
    await server.start();
  };
}

export function describeRound(r: RoundResult): string {
  const codes = Object.entries(r.exitCodes).map(([c, n]) => `${n}x exit ${c}`).join(', ');
  return [
    `  ${r.name}: ${PROCESSES} processes in ${(r.wallMs / 1000).toFixed(1)} s (${codes})`,
    `    printed a result ${r.printed}, recorded ${r.recorded}, said "not recorded" ${r.saidUnrecorded} (written from the spool by the next command: ${r.recoveredFromSpool}), could not start and said so ${r.refusedToStart}`,
    `    lost ${r.lost}, duplicated ${r.duplicated}, rows no process printed ${r.stray}`,
    ...(r.unrecordedSample ? [`    stderr of a run that could not record: ${r.unrecordedSample.split('\n').join('\n      ')}`] : []),
    ...r.complaints.map((c) => `    stderr of a run that did not exit 0: ${c.split('\n').join('\n      ')}`),
  ].join('\n');
}
