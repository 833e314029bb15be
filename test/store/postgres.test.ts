// The team store on a real PostgreSQL through the built CLI: concurrent runbook exec processes all recorded,
// migrations once under the lock, clear connection errors (no password), a server restart survived, and `runbook db migrate` copying a SQLite file idempotently.
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addVersion, countExecutions, listReviewEvents, openStore, saveExecution, saveInvestigation, type Db } from '../../src/store/index.js';
import type { Report } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT } from '../helpers/cli.js';
import { postgresAvailable, postgresSkipReason, startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { execution, tempDir } from './helpers.js';

const cli = (bin: 'runbook' | 'rca') => (args: string[], env: Record<string, string> = {}) =>
  execa(process.execPath, [join(REPO_ROOT, 'bin', `${bin}.js`), ...args], { reject: false, env: { NO_COLOR: '1', ...env }, timeout: 90_000 });
const runbook = cli('runbook');
const rca = cli('rca');

let pg: RunningPostgres;
beforeAll(async () => {
  if (postgresAvailable) pg = await startPostgres({ fsync: false });
});
afterAll(async () => {
  await pg?.stop();
});

function withStore<T>(url: string, fn: (db: Db) => T): T {
  const db = openStore(url);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const REPORT: Report = {
  incident: 'x', engine: 'offline', window: { from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' }, onset: null,
  root_cause: { summary: 's', category: 'config_error', service: 'checkout', suspect_change: null, confidence: 0.5 },
  ruled_out: [], timeline: [], evidence: [], recommendations: [], tool_calls: [],
  stats: { duration_ms: 1, tool_calls: 0, model_rounds: 0, prompt_tokens: 0 },
};

const RB = `id: RB-PG
title: team store
steps:
  - id: one
    run: [echo, one]
  - id: two
    run: [echo, two]
`;

describe.skipIf(!postgresAvailable || !cliBuilt('runbook'))(postgresAvailable ? 'team store on PostgreSQL' : `team store on PostgreSQL (${postgresSkipReason})`, () => {
  it('records 12 concurrent `runbook exec --json` processes: none lost, none duplicated; schema migrated once', async () => {
    const url = await pg.createDatabase();
    const file = join(tempDir(), 'rb.yaml');
    writeFileSync(file, RB);
    const runs = await Promise.all(Array.from({ length: 12 }, () => runbook(['exec', file, '--json', '--yes', '--db', url])));
    expect(runs.map((r) => r.exitCode), runs.map((r) => r.stderr).join('\n')).toEqual(Array(12).fill(0));
    const ids = runs.map((r) => (JSON.parse(r.stdout) as { execution_id: string }).execution_id);
    withStore(url, (db) => {
      const rows = db.prepare("SELECT id, status FROM executions WHERE runbook_id = 'RB-PG'").all() as Array<{ id: string; status: string }>;
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));
      expect(rows).toHaveLength(12);
      expect(rows.every((r) => r.status === 'success')).toBe(true);
      const versions = db.prepare('SELECT version, COUNT(*) AS n FROM schema_version GROUP BY version ORDER BY version').all() as Array<{ n: number }>;
      expect(versions.every((v) => v.n === 1)).toBe(true);
      expect(db.prepare("SELECT COUNT(*) AS n FROM runbook_versions WHERE runbook_id = 'RB-PG'").get()).toEqual({ n: 1 });
    });
  });

  it('says the server is unreachable, or the credentials are wrong, without printing the password', async () => {
    const url = await pg.createDatabase();
    const wrong = await runbook(['db', 'status', '--db', pg.url('postgres', { password: 'not-the-password-9f2' })]);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain('rejected the credentials of user postgres');
    expect(wrong.stderr + wrong.stdout).not.toContain('not-the-password-9f2');
    const nowhere = url.replace(encodeURIComponent(pg.socketDir), encodeURIComponent(join(tempDir(), 'no-server')));
    const down = await runbook(['db', 'status', '--db', nowhere], { INCIDENT_COPILOT_PG_RETRY_MS: '0' });
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toMatch(/cannot reach PostgreSQL database \S+ at .*no-server/);
    expect(down.stderr + down.stdout).not.toContain(pg.password);
    const missing = await runbook(['db', 'status', '--db', pg.url('no_such_db')]);
    expect(missing.stderr).toContain('PostgreSQL database no_such_db');
    expect(missing.stderr).toContain('createdb no_such_db');
  });

  it('keeps working across a server restart (the pool reconnects, a query retries)', async () => {
    const url = await pg.createDatabase();
    const db = openStore(url);
    try {
      saveExecution(db, execution({ execution_id: 'before' }));
      await pg.halt();
      // start() spawns postgres at once; this thread then blocks in the write, which waits for the server.
      const starting = pg.start();
      saveExecution(db, execution({ execution_id: 'after' }));
      await starting;
      expect(countExecutions(db)).toBe(2);
    } finally {
      db.close();
    }
  });

  it('a transaction cut by `pg_ctl restart` between two statements runs again on a new connection; the store keeps working', async () => {
    const url = await pg.createDatabase();
    const db = openStore(url);
    try {
      let attempts = 0;
      db.transaction(() => {
        attempts++;
        saveExecution(db, execution({ execution_id: 'first' }));
        // The pinned connection is cut while no query runs on it (it used to kill the pg worker).
        if (attempts === 1) pg.restart();
        saveExecution(db, execution({ execution_id: 'second' }));
      }).immediate();
      expect(attempts).toBe(2);
      expect(countExecutions(db)).toBe(2);
    } finally {
      db.close();
    }
  });

  it('a run whose server goes away before it can record: says so on stderr, still prints its result, and the next command records it', async () => {
    const url = await pg.createDatabase();
    const file = join(tempDir(), 'rb.yaml');
    const pidFile = join(pg.dataDir, 'postmaster.pid');
    // The second step stops the server (a fast shutdown, as an operator's restart begins) and waits until it is down.
    writeFileSync(file, `id: RB-DOWN\ntitle: server goes away\nsteps:\n  - id: one\n    run: [echo, one]\n  - id: stop-db\n    run: [sh, -c, 'kill -INT $(head -n 1 ${pidFile}); while [ -e ${pidFile} ]; do sleep 0.1; done']\n  - id: three\n    run: [echo, three]\n`);
    const spool = join(tempDir(), 'spool');
    const env = { INCIDENT_COPILOT_PG_RETRY_MS: '300', INCIDENT_COPILOT_SPOOL: spool };
    const run = await runbook(['exec', file, '--json', '--yes', '--db', url], env);
    await pg.start();
    expect(run.exitCode, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { execution_id: string; status: string; recorded: boolean; record_error: string };
    expect(printed).toMatchObject({ status: 'success', recorded: false });
    expect(run.stderr).toMatch(new RegExp(`execution ${printed.execution_id} finished \\(success\\) but was not recorded: cannot reach PostgreSQL database`));
    expect(run.stderr).toContain('the next runbook command here that can write to the database records it');
    expect(run.stderr + run.stdout).not.toContain(pg.password);
    const next = await runbook(['history', '--runbook', 'RB-DOWN', '--json', '--db', url], env);
    expect(next.exitCode, next.stderr).toBe(0);
    expect((JSON.parse(next.stdout) as Array<{ execution_id: string; status: string }>).map((e) => [e.execution_id, e.status])).toEqual([[printed.execution_id, 'success']]);
  });

  it('runbook db migrate copies a SQLite store, verifies it, and a second run copies nothing new', async () => {
    const url = await pg.createDatabase();
    const file = join(tempDir(), 'laptop.db');
    withStore(file, (db) => {
      addVersion(db, { runbookId: 'RB-M', yaml: 'id: RB-M\ntitle: m\nsteps: []\n', status: 'active', generatedBy: 'file' });
      addVersion(db, { runbookId: 'RB-M', yaml: 'id: RB-M\ntitle: m2\nsteps: []\n', status: 'pending_review', generatedBy: 'rules', parentVersion: 1 });
      for (let i = 0; i < 1_200; i++) saveExecution(db, execution({ execution_id: `e${i}`, runbook_id: 'RB-M', started_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));
      saveInvestigation(db, { incident: 'x', window: REPORT.window, sources: {}, report: REPORT, toolCalls: [] });
    });
    const first = await runbook(['db', 'migrate', '--from', file, '--to', url, '--json']);
    expect(first.exitCode, first.stderr).toBe(0);
    const j1 = JSON.parse(first.stdout) as { verified: boolean; tables: Array<{ table: string; source: number; copied: number; present: number; missing: number }> };
    expect(j1.verified).toBe(true);
    expect(j1.tables.find((t) => t.table === 'executions')).toMatchObject({ source: 1200, copied: 1200, present: 0, missing: 0 });
    expect(j1.tables.find((t) => t.table === 'runbook_versions')).toMatchObject({ source: 2, copied: 2 });
    expect(j1.tables.find((t) => t.table === 'investigations')).toMatchObject({ source: 1, copied: 1 });
    const second = await runbook(['db', 'migrate', '--from', file, '--to', url, '--json']);
    const j2 = JSON.parse(second.stdout) as typeof j1;
    expect(j2.tables.every((t) => t.copied === 0 && t.present === t.source && t.missing === 0)).toBe(true);
    const status = await runbook(['db', 'status', '--db', url, '--json']);
    const s = JSON.parse(status.stdout) as { engine: string; driver: string; database: string; counts: Record<string, number> };
    expect(s).toMatchObject({ engine: 'postgres', driver: 'pg' });
    expect(s.database).not.toContain(pg.password);
    expect(s.counts.executions).toBe(1200);
    expect(s.counts.runbook_versions).toBe(2);
  });

  it('runbook history, runbook stats and rca history answer the same --json from PostgreSQL as from the SQLite file it was copied from', async () => {
    const url = await pg.createDatabase();
    const file = join(tempDir(), 'same.db');
    withStore(file, (db) => {
      addVersion(db, { runbookId: 'RB-S', yaml: 'id: RB-S\ntitle: s\nsteps: []\n', status: 'active', generatedBy: 'file' });
      addVersion(db, { runbookId: 'RB-S', yaml: 'id: RB-S\ntitle: s2\nsteps: []\n', status: 'active', generatedBy: 'rules', parentVersion: 1 });
      addVersion(db, { runbookId: 'RB-T', yaml: 'id: RB-T\ntitle: t\nsteps: []\n', status: 'active', generatedBy: 'file' });
      const outcomes = ['success', 'success', 'failure', 'partial', 'interrupted', 'refused'] as const;
      outcomes.forEach((status, i) => {
        const started_at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
        saveExecution(db, execution({ execution_id: `s${i}`, runbook_id: 'RB-S', runbook_version: 1 + (i % 2), status, started_at }));
        saveExecution(db, execution({ execution_id: `t${i}`, runbook_id: 'RB-T', runbook_version: 1, status: 'failure', started_at }));
      });
      saveInvestigation(db, { incident: 'checkout 500s', window: REPORT.window, sources: {}, report: REPORT, toolCalls: [] });
    });
    expect((await runbook(['db', 'migrate', '--from', file, '--to', url, '--json'])).exitCode).toBe(0);
    const answers = async (db: string) => {
      const out: unknown[] = [];
      for (const [run, args] of [
        [runbook, ['history', '--runbook', 'RB-S', '--json']],
        [runbook, ['stats', '--runbook', 'RB-S', '--json']],
        [runbook, ['stats', '--json']],
        [rca, ['history', '--json']],
      ] as const) {
        const r = await run([...args, '--db', db]);
        expect(r.exitCode, r.stderr).toBe(0);
        const json = JSON.parse(r.stdout) as Record<string, unknown>;
        out.push(Array.isArray(json) ? json : { ...json, generated_at: null });
      }
      return out;
    };
    const fromPg = await answers(url);
    expect(fromPg).toEqual(await answers(file));
    const [history, statsS, statsAll, investigations] = fromPg as [Array<{ execution_id: string }>, { versions: Array<{ label: string; success_rate: number | null }> }, { versions: unknown[] }, Array<{ incident: string }>];
    expect(history.map((e) => e.execution_id)).toEqual(['s5', 's4', 's3', 's2', 's1', 's0']);
    // v1 ran success, failure, interrupted (1 of 3); v2 success, partial, and a refusal that does not count (2 of 2).
    expect(statsS.versions.map((v) => [v.label, v.success_rate])).toEqual([['RB-S-v1', 1 / 3], ['RB-S-v2', 1]]);
    expect(statsAll.versions).toHaveLength(3);
    expect(investigations.map((i) => i.incident)).toEqual(['checkout 500s']);
  });
});
