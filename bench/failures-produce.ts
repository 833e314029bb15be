// Regenerates fixtures/failures/produced.jsonl: runs every case of failures-cases.ts for real (git, curl,
// apt, npm, node, psql against a PostgreSQL it starts, podman, ssh, python, pip, java, kubectl, coreutils).
// Run as root on Debian 12 (permission cases drop to `nobody`, disk cases mount tiny tmpfs in a private
// mount namespace): npx tsx bench/failures-produce.ts [--only id,id]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES, type ProducedCase } from './failures-cases.js';

const OUT = join(import.meta.dirname, '..', 'fixtures', 'failures', 'produced.jsonl');
const CAP = 4000;
const only = process.argv.includes('--only') ? new Set(process.argv[process.argv.indexOf('--only') + 1].split(',')) : null;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Answers /status/NNN with that status, never answers /hang, and plays an API server refusing a token. */
function httpServer(port: number): Promise<Server> {
  const s = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/hang')) return;
    if (url.startsWith('/k8s401')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
    }
    const code = Number(/^\/status\/(\d{3})/.exec(url)?.[1] ?? 404);
    res.writeHead(code, { 'content-type': 'text/plain' });
    res.end(code === 200 ? '{"ok":true}\n' : `status ${code}\n`);
  });
  return new Promise((resolve) => s.listen(port, '127.0.0.1', () => resolve(s)));
}

/** An HTTPS server whose certificate no CA signed (openssl makes it for the run). */
function httpsServer(w: string, port: number): Promise<Server> {
  const [key, cert] = [join(w, 'tls.key'), join(w, 'tls.crt')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=internal-api.corp.test', '-days', '1'], { stdio: 'ignore' });
  const s = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('ok\n'));
  return new Promise((resolve) => s.listen(port, '127.0.0.1', () => resolve(s as unknown as Server)));
}

const asPostgres = (args: string[]) => execFileSync('setpriv', ['--reuid=postgres', '--regid=postgres', '--clear-groups', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });

/** A throwaway cluster with scram auth: role app (password apppw) that may not touch table accounts. */
function startPostgres(w: string, port: number): () => void {
  const data = join(w, 'pg');
  const sock = join(w, 'pgsock');
  for (const d of [data, sock]) {
    mkdirSync(d);
    execFileSync('chown', ['postgres:postgres', d]);
  }
  writeFileSync(join(w, 'pwfile'), 'superpw\n');
  chmodSync(join(w, 'pwfile'), 0o644);
  asPostgres(['initdb', '-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${join(w, 'pwfile')}`]);
  asPostgres(['pg_ctl', '-D', data, '-l', join(sock, 'log'), '-w', '-o', `-p ${port} -k ${sock} -c listen_addresses=''`, 'start']);
  const sql = "create role app login password 'apppw'; create table accounts(id int, pool_size int); revoke all on accounts from public;";
  execFileSync('psql', ['-X', '-q', '-h', sock, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', sql], { env: { ...process.env, PGPASSWORD: 'superpw' } });
  return () => asPostgres(['pg_ctl', '-D', data, '-m', 'immediate', 'stop']);
}

/** Fixtures every case may use: a root-owned repo, a read-only and a 64 kB filesystem (mounted per run). */
function prepare(w: string) {
  mkdirSync(join(w, 'home'));
  mkdirSync(join(w, 'pub'), { mode: 0o777 });
  chmodSync(join(w, 'pub'), 0o777);
  const repo = join(w, 'rootrepo');
  mkdirSync(repo);
  execFileSync('git', ['init', '-q', repo]);
  writeFileSync(join(repo, 'config.yaml'), 'pool_size: 5\n');
  for (const d of ['ro', 'small', 'nosock']) mkdirSync(join(w, d));
}
const MOUNTS = 'mount -t tmpfs -o size=64k tmpfs "$W/small" && mount -t tmpfs -o size=64k tmpfs "$W/ro" && echo "pool_size: 5" > "$W/ro/config.yaml" && mount -o remount,ro "$W/ro"';

async function run(c: ProducedCase, w: string, env: Record<string, string>) {
  const cwd = mkdtempSync(join(w, 'case-'));
  chmodSync(cwd, 0o777);
  const script = c.script ?? c.command;
  const [file, args] = c.nobody
    ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'bash', '-c', script]]
    : ['unshare', ['-m', 'bash', '-c', `${MOUNTS} && cd "$CASE" && ${script}`]];
  // Asynchronous: the HTTP server the cases talk to runs in this process.
  const child = spawn(file, args, { cwd, env: { ...env, CASE: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const cap = (s: string) => (s.length > CAP ? s.slice(0, CAP / 2) + '\n...\n' + s.slice(-CAP / 2) : s);
  return { exit_code: code, timed_out: timedOut, stdout: cap(stdout), stderr: cap(stderr) };
}

const w = mkdtempSync(join(tmpdir(), 'failcorpus-'));
chmodSync(w, 0o755);
const [http, https, pgPort, closed] = [await freePort(), await freePort(), await freePort(), await freePort()];
const server = await httpServer(http);
let stopPg: (() => void) | null = null;
let tls: Server | null = null;
try {
  prepare(w);
  tls = await httpsServer(w, https);
  stopPg = startPostgres(w, pgPort);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: join(w, 'home'), W: w, HTTP: String(http), HTTPS: String(https), CLOSED: String(closed), PGPORT: String(pgPort),
    PGSOCK: join(w, 'pgsock'), GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1', TERM: 'dumb',
  };
  const lines: string[] = [];
  const versions = spawnSync('bash', ['-c', 'git --version; curl --version | head -1; psql --version; podman --version; node --version; python3 --version; java -version 2>&1 | head -1; kubectl version --client 2>/dev/null | head -1'], { encoding: 'utf8' }).stdout.trim().split('\n').join(', ');
  for (const c of CASES) {
    if (only && !only.has(c.id)) continue;
    const r = await run(c, w, env);
    process.stderr.write(`${c.id}: exit ${r.exit_code}${r.exit_code === 0 ? '  <-- did not fail' : ''}\n`);
    lines.push(JSON.stringify({
      id: c.id, tool: c.tool, command: c.command, ...r, check: c.check ?? false, params: {}, expect: c.expect,
      source: `produced: bench/failures-produce.ts on Debian 12 (${versions})`,
    }));
  }
  if (!only) writeFileSync(OUT, lines.join('\n') + '\n');
  else process.stdout.write(lines.join('\n') + '\n');
} finally {
  stopPg?.();
  server.close();
  tls?.close();
  rmSync(w, { recursive: true, force: true });
}
