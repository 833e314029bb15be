// Starts a real PostgreSQL (Debian's postgresql package) for the store tests and benches: initdb into a temp
// dir (as the postgres user when we are root), a unix socket only, password auth; no system service.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { integrationRequired, logTail, onPath } from './daemon.js';

/** initdb/postgres: on PATH, else the newest /usr/lib/postgresql/N/bin (Debian keeps them off PATH). */
function binDir(): string | null {
  if (onPath('initdb') && onPath('postgres')) return '';
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

const BIN = binDir();
export const postgresAvailable = BIN !== null || integrationRequired;
export const postgresSkipReason = BIN !== null ? '' : 'skipped: needs PostgreSQL (initdb, postgres); enable with: apt-get install -y postgresql';

const bin = (name: string) => (BIN ? join(BIN, name) : name);

export interface RunningPostgres {
  /** Directory of the unix socket. */
  socketDir: string;
  /** The data directory (its postmaster.pid names the running server). */
  dataDir: string;
  password: string;
  /** A URL for `database` (password included). */
  url(database: string, opts?: { password?: string; user?: string }): string;
  createDatabase(name?: string): Promise<string>;
  log(): string;
  /** Fast shutdown, keeping the data directory (for restarts). */
  halt(): Promise<void>;
  start(): Promise<void>;
  /**
   * `pg_ctl restart -m fast`, as an operator restarts a server: clients are cut off, the data stays. Synchronous,
   * so a test can restart the server between two statements of a transaction.
   */
  restart(): void;
  /** Halts and removes everything. */
  stop(): Promise<void>;
}

export async function startPostgres(opts: { fsync?: boolean } = {}): Promise<RunningPostgres> {
  if (BIN === null) throw new Error(postgresSkipReason);
  const dir = mkdtempSync(join(tmpdir(), 'pg-'));
  const data = join(dir, 'data');
  const socketDir = join(dir, 'sock');
  mkdirSync(socketDir);
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`);
  // PostgreSQL refuses to run as root: the files and the processes belong to the postgres user then.
  const asUser: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error('running as root needs a postgres user (Debian creates it with the postgresql package)');
    asUser.uid = Number(id.stdout.trim());
    asUser.gid = Number(gid.stdout.trim());
    for (const p of [dir, socketDir, pwfile]) chownSync(p, asUser.uid, asUser.gid);
  }
  const init = spawnSync(bin('initdb'), ['-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync'], {
    ...asUser, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' },
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.error?.message ?? `exit ${init.status}`}): ${init.stderr}`);
  }
  const logFile = join(dir, 'postgres.log');
  writeFileSync(logFile, '');
  if (asUser.uid !== undefined) chownSync(logFile, asUser.uid, asUser.gid!);
  const url = (database: string, o: { password?: string; user?: string } = {}) =>
    `postgres://${o.user ?? 'postgres'}:${encodeURIComponent(o.password ?? password)}@localhost/${database}?host=${encodeURIComponent(socketDir)}`;
  const log = () => readFileSync(logFile, 'utf8');
  let child: ChildProcess | null = null;

  const start = async () => {
    const args = ['-D', data, '-k', socketDir, '-c', "listen_addresses=", '-c', 'max_connections=200', '-c', `fsync=${opts.fsync === false ? 'off' : 'on'}`];
    const p = spawn(bin('postgres'), args, { ...asUser, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    p.stderr!.on('data', (b: Buffer) => writeFileSync(logFile, b, { flag: 'a' }));
    child = p;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (p.exitCode !== null) throw new Error(`postgres exited (${p.exitCode}) while starting:\n${logTail(log())}`);
      const c = new pg.Client({ connectionString: url('postgres') });
      try {
        await c.connect();
        await c.end();
        return;
      } catch {
        await c.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 30 s:\n${logTail(log())}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const pgCtl = (args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(bin('pg_ctl'), ['-D', data, ...args], { ...asUser, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
      let err = '';
      c.stderr!.on('data', (b: Buffer) => (err += b.toString()));
      c.on('error', reject);
      c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${args[0]} exited ${code}: ${err}\n${logTail(log())}`))));
    });
  const halt = async () => {
    const p = child;
    child = null;
    // After restart() the postmaster is pg_ctl's child, not ours: pg_ctl stops it.
    if (!p && existsSync(join(data, 'postmaster.pid'))) return pgCtl(['stop', '-m', 'fast', '-w', '-t', '60']).catch(() => undefined);
    if (!p || p.exitCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGINT'); // fast shutdown: connections are ended, data stays consistent
    const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await start();
  } catch (err) {
    await halt();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let n = 0;
  // pg_ctl starts the new server with the options the old one recorded (postmaster.opts), logging to our file.
  const restart = () => {
    const r = spawnSync(bin('pg_ctl'), ['-D', data, 'restart', '-m', 'fast', '-w', '-t', '60', '-l', logFile], {
      ...asUser, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' },
    });
    if (r.status !== 0) throw new Error(`pg_ctl restart failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}\n${logTail(log())}`);
    child = null;
  };
  return {
    socketDir, dataDir: data, password, url, log, halt, start, restart,
    async createDatabase(name = `t${process.pid}_${++n}`) {
      const c = new pg.Client({ connectionString: url('postgres') });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
