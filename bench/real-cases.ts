// Real fault-injection cases for bench:real: unpacks a benchmark folder (cases.tar.gz or case folders),
// validates each truth.json, and scores a report (rank 1, top 3, category plausibility) the way its README says.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const truthSchema = z.object({
  case: z.string(),
  system: z.string(),
  service: z.string().min(1),
  fault_type: z.string().min(1),
  inject_time: z.string().datetime({ offset: true }),
  at: z.string().datetime({ offset: true }),
  window: z.string().regex(/^\d+[smhd]$/, 'a span such as 30m'),
});
export type Truth = z.infer<typeof truthSchema>;

export interface RealCase {
  name: string;
  dir: string;
  truth: Truth;
  incident: string;
  hasLogs: boolean;
}

/** The case folders under `root`, unpacking its cases.tar.gz into a temp dir first when there is one. */
export function loadCases(root: string): { cases: RealCase[]; unpackedTo: string | null } {
  let dir = root;
  let unpackedTo: string | null = null;
  if (existsSync(join(root, 'cases.tar.gz'))) {
    unpackedTo = mkdtempSync(join(tmpdir(), 'bench-real-'));
    execFileSync('tar', ['xzf', join(root, 'cases.tar.gz'), '-C', unpackedTo]);
    dir = unpackedTo;
  }
  const cases: RealCase[] = [];
  for (const name of readdirSync(dir).sort()) {
    const caseDir = join(dir, name);
    if (!existsSync(join(caseDir, 'truth.json'))) continue;
    const parsed = truthSchema.safeParse(JSON.parse(readFileSync(join(caseDir, 'truth.json'), 'utf8')));
    if (!parsed.success) throw new Error(`${caseDir}/truth.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const logs = join(caseDir, 'logs');
    cases.push({
      name,
      dir: caseDir,
      truth: parsed.data,
      incident: readFileSync(join(caseDir, 'incident.txt'), 'utf8').trim(),
      hasLogs: existsSync(logs) && readdirSync(logs).length > 0,
    });
  }
  if (cases.length === 0) throw new Error(`no case folders (with truth.json) under ${root}`);
  return { cases, unpackedTo };
}

/** Lower-case, without a Kubernetes pod suffix (deployment "-<hash>-<id>" or statefulset "-<n>"). */
export function canonicalService(name: string): string {
  return name
    .trim()
    .toLowerCase()
    // A pod's two generated parts; a digit (or Kubernetes' vowel-free alphabet) tells them from a name's last two words
    // (`home-timeline-redis` is a service).
    .replace(/-(?:(?=[a-z-]*\d)[a-z0-9]{6,10}-[a-z0-9]{5}|[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5})$/, '')
    .replace(/-\d+$/, '');
}

/** The first `n` distinct services of root_cause followed by hypotheses. */
export function rankedServices(report: { root_cause: { service: string | null }; hypotheses?: Array<{ service: string | null }> }, n: number): string[] {
  const out: string[] = [];
  for (const s of [report.root_cause.service, ...(report.hypotheses ?? []).map((h) => h.service)]) {
    if (!s) continue;
    const c = canonicalService(s);
    if (!out.includes(c)) out.push(c);
    if (out.length === n) break;
  }
  return out;
}

/** The README's plausibility rule for the category given the fault type. */
export function categoryPlausible(fault: string, category: string): boolean {
  if (/cpu|memory|disk/.test(fault)) return category === 'resource_exhaustion' || category === 'capacity';
  if (/network|delay|loss/.test(fault)) return ['dependency_failure', 'resource_exhaustion', 'capacity', 'infrastructure'].includes(category);
  if (/exception|return|code/.test(fault)) return ['code_regression', 'config_error', 'unknown'].includes(category);
  // A held lock is contention for a shared resource, seen by the lock's waiters as a slow dependency.
  if (/lock/.test(fault)) return ['resource_exhaustion', 'dependency_failure', 'unknown'].includes(category);
  // A queue flooded past what its consumers take is a capacity problem; its producers see a slow dependency.
  if (/queue|lag|overload/.test(fault)) return ['capacity', 'resource_exhaustion', 'dependency_failure', 'unknown'].includes(category);
  // A flood of requests (the load, not a service, is the cause) exhausts the capacity of what it hits.
  if (/flood/.test(fault)) return ['capacity', 'resource_exhaustion', 'unknown'].includes(category);
  // A wrong setting (a bad address) is configuration; its callers see the dependency it points at as down.
  if (/config/.test(fault)) return ['config_error', 'dependency_failure', 'unknown'].includes(category);
  // A consumer that stopped taking messages (hung, blocked) leaves a backlog: capacity as the queue sees it, or its code.
  if (/consumer/.test(fault)) return ['capacity', 'code_regression', 'unknown'].includes(category);
  // An external dependency (a payment gateway) that stops answering is a failed dependency of the service calling it.
  if (/gateway|external/.test(fault)) return ['dependency_failure', 'infrastructure', 'unknown'].includes(category);
  // A starved pool or a call past its deadline: the service cannot answer in time; its callers see a slow dependency.
  if (/starvation|deadline/.test(fault)) return ['resource_exhaustion', 'capacity', 'dependency_failure', 'unknown'].includes(category);
  // Tokens signed with a key nobody can verify: a credential or configuration fault, or the code that rotated it.
  if (/token|signing|credential/.test(fault)) return ['config_error', 'code_regression', 'dependency_failure', 'unknown'].includes(category);
  // A client pool run dry (clients leaked or too few): an exhausted resource, the code or setting that drained it, or
  // as its callers see it a failing dependency.
  if (/pool/.test(fault)) return ['resource_exhaustion', 'code_regression', 'config_error', 'dependency_failure', 'unknown'].includes(category);
  // A query without its index (a migration dropped it): the database saturates; the schema change is config or code.
  if (/index|slow_query/.test(fault)) return ['resource_exhaustion', 'config_error', 'code_regression', 'dependency_failure', 'unknown'].includes(category);
  // Ids issued twice after a clock stepped back: the host's time (infrastructure) or a setting or code that trusts it.
  if (/duplicate|clock/.test(fault)) return ['config_error', 'infrastructure', 'code_regression', 'unknown'].includes(category);
  // The mesh ejecting the only pod behind a service: its callers see the dependency fail; the cause is the network or
  // the outlier detection's settings.
  if (/ejection|outlier/.test(fault)) return ['dependency_failure', 'infrastructure', 'config_error', 'unknown'].includes(category);
  // A killed container: the platform (or whoever killed it) is the cause; its callers see the dependency down.
  if (/kill/.test(fault)) return ['infrastructure', 'dependency_failure', 'unknown'].includes(category);
  // A cache shrunk below its working set: every miss redoes the work, so CPU runs out; the setting that shrank it is config.
  if (/cache/.test(fault)) return ['resource_exhaustion', 'capacity', 'config_error', 'unknown'].includes(category);
  // A service registry expiring instances faster than they heartbeat: its setting, or as the clients see it a dependency gone.
  if (/heartbeat|registry/.test(fault)) return ['config_error', 'dependency_failure', 'infrastructure', 'unknown'].includes(category);
  // A session blob a build lets grow without bound: the code, the header limit it hits (config), or the work it costs.
  if (/session|blob/.test(fault)) return ['code_regression', 'config_error', 'resource_exhaustion', 'unknown'].includes(category);
  return category === 'unknown';
}
