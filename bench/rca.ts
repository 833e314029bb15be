// `rca --offline --json` on each shared scenario and on the bundled demo: wall time, CPU time and peak RSS of
// the whole process tree (CLI + MCP servers + git), next to `node -e 0` and `git log` measured in the same run.
// Run: npx tsc -p tsconfig.build.json && npx tsx bench/rca.ts [runs=5]
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SCENARIOS = process.env.RCA_SCENARIOS_DIR ?? join(ROOT, 'fixtures', 'shared-sample');
const RUNS = Number(process.argv[2] ?? 5);
const TARGET_MS = 1500;

interface Sample {
  wallMs: number;
  cpuMs: number;
  /** Largest sum of VmRSS over the tree seen by the 10 ms sampler (what was resident at once). */
  treePeakKb: number;
  /** Sum of each process's own VmHWM (an upper bound: peaks need not coincide). */
  sumHwmKb: number;
  processes: number;
  /** CPU ms per kind of process (rca CLI, each server, git), from /proc/<pid>/stat at the last sample. */
  cpuBy: Record<string, number>;
  code: number;
  stdout: string;
}

function readKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime+stime of one process in ms, and what it is: rca, a server by name, git, or the program name. */
function cpuOf(pid: number): { kind: string; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const script = cmd[1] ?? '';
    const server = script.match(/servers\/([a-z]+)\/index\.js$/);
    const kind = server ? `server:${server[1]}` : script.endsWith('rca.js') ? 'rca' : (cmd[0] ?? '?').split('/').at(-1)!;
    return { kind, ms };
  } catch {
    return null;
  }
}

/** The pid and every descendant, through /proc/<pid>/task/<tid>/children. */
function tree(pid: number, out: number[] = []): number[] {
  out.push(pid);
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) tree(Number(c), out);
    } catch {
      // The task ended between the listing and the read.
    }
  }
  return out;
}

/** Runs argv under bash (for `times`: user+sys CPU of all children), sampling the tree's memory meanwhile. */
function measure(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Sample> {
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn('bash', ['-c', `${quoted}; rc=$?; times >&2; exit $rc`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const hwm = new Map<number, number>();
    const cpu = new Map<number, { kind: string; ms: number }>();
    let treePeakKb = 0;
    const sample = () => {
      if (child.pid === undefined) return;
      let rss = 0;
      for (const pid of tree(child.pid)) {
        if (pid === child.pid) continue; // bash itself is the harness, not rca
        rss += readKb(pid, 'VmRSS');
        const h = readKb(pid, 'VmHWM');
        if (h > 0) hwm.set(pid, Math.max(hwm.get(pid) ?? 0, h));
        const c = cpuOf(pid);
        // A process that just exited (a zombie) has an empty cmdline: keep the kind seen while it ran.
        if (c) cpu.set(pid, { kind: cpu.get(pid)?.kind ?? c.kind, ms: Math.max(c.ms, cpu.get(pid)?.ms ?? 0) });
      }
      treePeakKb = Math.max(treePeakKb, rss);
    };
    const timer = setInterval(sample, 10);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const wallMs = performance.now() - t0;
      const children = stderr.trim().split('\n').at(-1) ?? '';
      const cpuBy: Record<string, number> = {};
      for (const c of cpu.values()) cpuBy[c.kind] = (cpuBy[c.kind] ?? 0) + c.ms;
      const total = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((a, m) => a + Number(m[1]) * 60 + Number(m[2]), 0);
      resolvePromise({
        wallMs, cpuMs: total * 1000, cpuBy, treePeakKb, sumHwmKb: [...hwm.values()].reduce((a, b) => a + b, 0), processes: hwm.size, code: code ?? -1, stdout,
      });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Case {
  name: string;
  argv: string[];
  cwd: string;
  check?: (stdout: string) => void;
}

async function runCase(c: Case, env: NodeJS.ProcessEnv): Promise<Sample[]> {
  const out: Sample[] = [];
  await measure(c.argv, c.cwd, env); // warm-up: page cache, the demo's clone cache
  for (let i = 0; i < RUNS; i++) {
    const s = await measure(c.argv, c.cwd, env);
    if (s.code !== 0) throw new Error(`${c.name} exited ${s.code}`);
    c.check?.(s.stdout);
    out.push(s);
  }
  return out;
}

function row(name: string, samples: Sample[]): string {
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  return [
    name.padEnd(28),
    `${median(samples.map((s) => s.wallMs)).toFixed(0)} ms`.padStart(9),
    `${median(samples.map((s) => s.cpuMs)).toFixed(0)} ms`.padStart(9),
    mb(Math.max(...samples.map((s) => s.treePeakKb))).padStart(8),
    mb(Math.max(...samples.map((s) => s.sumHwmKb))).padStart(8),
    String(Math.max(...samples.map((s) => s.processes))).padStart(5),
    [...new Set(samples.flatMap((s) => Object.keys(s.cpuBy)))]
      .sort()
      .map((k) => `${k} ${median(samples.map((s) => s.cpuBy[k] ?? 0)).toFixed(0)}`)
      .join(', '),
  ].join('  ');
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main-rca.js'))) throw new Error('build first: npx tsc -p tsconfig.build.json');
  const work = mkdtempSync(join(tmpdir(), 'bench-rca-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', INCIDENT_COPILOT_DB: join(work, 'h.db'), XDG_CACHE_HOME: join(work, 'cache') };
  delete env.OLLAMA_MODEL;
  const rca = join(ROOT, 'bin', 'rca.js');
  const jsonOk = (stdout: string) => {
    if (!(JSON.parse(stdout) as { root_cause?: unknown }).root_cause) throw new Error('no report on stdout');
  };
  const cases: Case[] = [{ name: 'rca demo', argv: [process.execPath, rca, 'demo', '--offline', '--json', '--quiet'], cwd: work, check: jsonOk }];
  let firstRepo: string | null = null;
  for (const name of existsSync(SCENARIOS) ? readdirSync(SCENARIOS).sort() : []) {
    const dir = join(SCENARIOS, name);
    if (!existsSync(join(dir, 'scenario.json'))) continue;
    const repo = join(work, name);
    execFileSync('git', ['clone', '-q', join(dir, 'repo.bundle'), repo]);
    firstRepo ??= repo;
    const at = (JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as { at: string }).at;
    const incident = readFileSync(join(dir, 'incident.txt'), 'utf8');
    cases.push({
      name,
      argv: [process.execPath, rca, incident, '--logs', 'logs', '--repo', repo, '--metrics', 'metrics/metrics.om', '--at', at, '--offline', '--json', '--quiet'],
      cwd: dir,
      check: jsonOk,
    });
  }
  const refs: Case[] = [{ name: 'ref: node -e 0', argv: [process.execPath, '-e', '0'], cwd: work }];
  if (firstRepo) refs.push({ name: 'ref: git log', argv: ['git', '-C', firstRepo, 'log', '--stat', '--oneline'], cwd: work });

  console.log(`rca --offline --json, median of ${RUNS} runs (after one warm-up); load average at start ${loadavg()[0]!.toFixed(1)}`);
  console.log(`${'case'.padEnd(28)}  ${'wall'.padStart(9)}  ${'cpu'.padStart(9)}  ${'tree pk'.padStart(8)}  ${'ΣHWM'.padStart(8)}  procs  cpu ms by process (sampled)`);
  const walls: number[] = [];
  try {
    for (const c of [...refs, ...cases]) {
      const samples = await runCase(c, env);
      if (!c.name.startsWith('ref:')) walls.push(median(samples.map((s) => s.wallMs)));
      console.log(row(c.name, samples));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const worst = Math.max(...walls);
  console.log(`\nworst median wall ${worst.toFixed(0)} ms; target ${TARGET_MS} ms: ${worst <= TARGET_MS ? 'met' : 'NOT met'} (load average now ${loadavg()[0]!.toFixed(1)})`);
  console.log('cpu = user+sys of every process (load-independent); tree pk = most RSS resident at once; ΣHWM = sum of per-process peaks');
}

await main();
