// Deterministic repairs for the improvable failure types, each a pure function from the failed case to
// new runbook YAML: start a named missing dependency first, wait and retry longer, or check the environment.
import { serverOf } from '../core/tools.js';
import type { ExecutionResult, FailureType } from '../runbook/execution-result.js';
import type { Runbook, Step } from '../runbook/schema.js';
import type { FailureFacts } from './failure-facts.js';
import { templatize } from './generalize.js';
import { insertSteps, parseRunbookDoc, render, setStepField } from './yaml-edit.js';
import { GIT_IDENTITY_RE, IN_CONTAINER_RE, LOCAL_PEER_RE, MISSING_COMMAND_RE, WAIT_RE, dependencyName, missingProgram, missingPythonModule } from './failure-signals.js';

export interface RepairInput {
  runbook: Runbook;
  yaml: string;
  result: ExecutionResult;
  failureType: FailureType;
  facts: FailureFacts;
}

export interface Repair {
  name: string;
  /** One sentence for the reviewer (stored as the candidate's notes). */
  summary: string;
  yaml: string;
}

export type RepairRule = (i: RepairInput) => Repair | null;

export { dependencyName, missingProgram } from './failure-signals.js';

/** Splits a command line on whitespace, honouring single and double quotes; no shell features. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** A start command the failing program printed ("start it with: ..."), as argv. */
export function startHint(text: string): string[] | null {
  const m = /(?:start it with|to start it,? run|start with|hint: run)[:\s]+`?([^`\n)]+?)`?(?:\)|$|\n)/im.exec(text);
  if (!m) return null;
  const argv = splitArgs(m[1].trim());
  return argv.length && !/[|;&<>$]/.test(m[1]) ? argv : null;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'dep';

function uniqueId(rb: Runbook, base: string): string {
  const used = new Set([...rb.steps, ...rb.rollback].map((s) => s.id));
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
  return id;
}

const failingIndex = (i: RepairInput) => i.facts.failingStep?.index ?? -1;

export const startMissingDependency: RepairRule = (i) => {
  if (i.failureType !== 'runbook_insufficient') return null;
  const at = failingIndex(i);
  const dep = dependencyName(i.facts.text, LOCAL_PEER_RE.test(i.facts.text));
  if (at < 0 || !dep) return null;
  const failing = i.runbook.steps[at];
  const startId = uniqueId(i.runbook, `start-${slug(dep)}`);
  const why = `added by the learning loop: ${failing.id} failed because ${dep} was not running`;
  const hint = startHint(i.facts.text);
  const usesDocker = [...i.runbook.steps, ...i.runbook.capture].some((s) => s.action.kind === 'tool' && serverOf(s.action.tool) === 'docker');
  let steps: Array<Record<string, unknown>>;
  if (hint) {
    steps = [{ id: startId, description: `Start ${dep}, which ${failing.id} needs, before it runs`, run: hint.map((a) => templatize(a, i.result.params)), mutating: true, retries: 1 }];
  } else if (usesDocker) {
    steps = [{ id: startId, description: `Start the ${dep} container, which ${failing.id} needs`, tool: 'docker__restart_container', args: { container: templatize(dep, i.result.params), reason: `${failing.id} needs ${dep} running` }, mutating: true }];
  } else {
    const checkId = uniqueId(i.runbook, `check-${slug(dep)}`);
    steps = [
      { id: checkId, description: `Is ${dep} running?`, run: ['sh', '-c', 'if systemctl is-active --quiet "$1"; then echo running; else echo stopped; fi', 'sh', templatize(dep, i.result.params)] },
      { id: startId, description: `Start ${dep}, which ${failing.id} needs`, when: `contains(steps.${checkId}.stdout, "stopped")`, run: ['systemctl', 'start', templatize(dep, i.result.params)], mutating: true },
    ];
  }
  const doc = parseRunbookDoc(i.yaml);
  insertSteps(doc, at, steps, why);
  return { name: 'start-missing-dependency', summary: `Starts ${dep} before ${failing.id} (it failed with "${dep}" missing).`, yaml: render(doc) };
};

const SECOND = 1000;
const fmtSeconds = (ms: number) => `${Math.round(ms / SECOND)}s`;

export const waitLonger: RepairRule = (i) => {
  if (i.failureType !== 'runbook_insufficient') return null;
  const doc = parseRunbookDoc(i.yaml);
  if (i.facts.allStepsSucceeded && i.facts.verificationFailed && i.runbook.verify) {
    const within = i.runbook.verify.within;
    const next = Math.min(15 * 60 * SECOND, Math.max(2 * within, within + 30 * SECOND, 60 * SECOND));
    doc.setIn(['verify', 'within'], fmtSeconds(next));
    const verify = doc.get('verify', true) as { commentBefore?: string } | undefined;
    if (verify) verify.commentBefore = ` learning loop: verification failed after every step succeeded; it now waits up to ${fmtSeconds(next)}`;
    return { name: 'wait-and-retry', summary: `Waits up to ${fmtSeconds(next)} (was ${fmtSeconds(within)}) for the verification to pass.`, yaml: render(doc) };
  }
  const at = failingIndex(i);
  if (at >= 0 && i.facts.failingStep?.timed_out) {
    const s: Step = i.runbook.steps[at];
    const timeout = Math.min(60 * 60 * SECOND, 2 * (s.action.timeout ?? 5 * 60 * SECOND));
    setStepField(doc, at, 'timeout', fmtSeconds(timeout));
    setStepField(doc, at, 'retries', Math.min(20, s.retries + 1));
    if (s.retry_delay < 5 * SECOND) setStepField(doc, at, 'retry_delay', '5s');
    return { name: 'wait-and-retry', summary: `Gives ${s.id} ${fmtSeconds(timeout)} and one more retry (it timed out).`, yaml: render(doc) };
  }
  if (at >= 0 && WAIT_RE.test(i.facts.text)) {
    // The program itself gave up waiting (a rollout, a dataset load): try it again after a pause instead.
    const s: Step = i.runbook.steps[at];
    const retries = Math.min(20, Math.max(2, s.retries + 1));
    const delay = Math.max(15 * SECOND, s.retry_delay);
    setStepField(doc, at, 'retries', retries);
    setStepField(doc, at, 'retry_delay', fmtSeconds(delay));
    const step = doc.getIn(['steps', at], true) as { commentBefore?: string } | undefined;
    if (step) step.commentBefore = ` learning loop: ${s.id} gave up waiting; it is now retried ${retries} times, ${fmtSeconds(delay)} apart`;
    return { name: 'wait-and-retry', summary: `Retries ${s.id} ${retries} times, ${fmtSeconds(delay)} apart (it gave up waiting for something still on its way).`, yaml: render(doc) };
  }
  return null;
};

/** Drop-in replacements (same arguments) a host may have instead. */
export const ALTERNATIVES: Record<string, string> = {
  docker: 'podman', podman: 'docker', python: 'python3', pip: 'pip3', 'docker-compose': 'podman-compose', 'podman-compose': 'docker-compose', nc: 'ncat',
};

/** A check placed first, so the runbook stops before its first change when the host lacks what it needs. */
function failEarly(i: RepairInput, id: string, description: string, argv: string[], why: string, summary: string): Repair {
  const doc = parseRunbookDoc(i.yaml);
  insertSteps(doc, 0, [{ id: uniqueId(i.runbook, id), description, run: argv }], why);
  return { name: 'environment-precondition', summary, yaml: render(doc) };
}

export const environmentPrecondition: RepairRule = (i) => {
  if (i.failureType !== 'environment_difference') return null;
  const at = failingIndex(i);
  if (at < 0) return null;
  const failing = i.runbook.steps[at];
  const text = i.facts.text;
  if (GIT_IDENTITY_RE.test(text)) {
    return failEarly(
      i, 'require-git-identity', 'Fail early, before any change, when git has no identity to commit with',
      ['sh', '-c', 'test -n "$(git config user.email)" || { echo "git has no user.email on this host: set one (git config --global user.email ...) before running this runbook" >&2; exit 1; }'],
      `added by the learning loop: ${failing.id} failed because git had no user.email on this host`,
      'Checks that git has a user.email before anything changes, and stops with a clear message if not.',
    );
  }
  const module = missingPythonModule(text);
  if (module) {
    const argv0 = failing.action.kind === 'run' && !failing.action.shell ? failing.action.argv[0] : '';
    const python = /^(?:.*\/)?python[0-9.]*$/.test(argv0) ? argv0 : 'python3';
    return failEarly(
      i, `require-python-${slug(module)}`, `Fail early, before any change, when the Python module ${module} is not installed`,
      ['sh', '-c', '"$1" -c "import $2" 2>/dev/null || { echo "this runbook needs the Python module $2, which $1 cannot import on this host: install it or run the runbook where it is available" >&2; exit 1; }', 'sh', python, module],
      `added by the learning loop: ${failing.id} failed because the Python module ${module} is not installed on every host`,
      `Checks that ${python} can import ${module} before anything runs, and stops with a clear message if not.`,
    );
  }
  // Otherwise only a program that is really missing (127 or its message): a full disk or a read-only target is not fixed by a check for a binary.
  if (i.facts.failingStep?.exit_code !== 127 && !MISSING_COMMAND_RE.test(text)) return null;
  if (IN_CONTAINER_RE.test(text)) return null;
  if (failing.action.kind !== 'run' || failing.action.shell) return null;
  const argv = failing.action.argv;
  const bin = missingProgram(text, argv[0]);
  if (!bin || !/^[A-Za-z0-9_.+-]+$/.test(bin)) return null;
  const doc = parseRunbookDoc(i.yaml);
  const alt = ALTERNATIVES[bin];
  const why = `added by the learning loop: ${failing.id} failed because ${bin} is not installed on every host`;
  if (alt && argv[0] === bin) {
    const hasId = uniqueId(i.runbook, `has-${slug(bin)}`);
    const cond = (c: string) => (failing.when ? `(${failing.when}) && ${c}` : c);
    const altStep: Record<string, unknown> = {
      ...JSON.parse(JSON.stringify(doc.getIn(['steps', at]) ?? {})),
      id: uniqueId(i.runbook, `${failing.id}-${slug(alt)}`),
      description: `${failing.description ?? failing.id}, with ${alt} where ${bin} is missing`,
      run: [alt, ...argv.slice(1)],
      when: cond(`contains(steps.${hasId}.stdout, "no")`),
    };
    setStepField(doc, at, 'when', cond(`contains(steps.${hasId}.stdout, "yes")`));
    insertSteps(doc, at + 1, [altStep], `learning loop: the same step with ${alt}`);
    insertSteps(doc, 0, [{ id: hasId, description: `Is ${bin} installed here?`, run: ['sh', '-c', 'if command -v "$1" >/dev/null 2>&1; then echo yes; else echo no; fi', 'sh', bin] }], why);
    return { name: 'alternative-command', summary: `Uses ${alt} where ${bin} is not installed (checked first).`, yaml: render(doc) };
  }
  insertSteps(
    doc, 0,
    [{
      id: uniqueId(i.runbook, `require-${slug(bin)}`),
      description: `Fail early, before any change, when ${bin} is not installed`,
      run: ['sh', '-c', 'command -v "$1" >/dev/null 2>&1 || { echo "this runbook needs $1, which is not installed on this host: install it or run the runbook where it is available" >&2; exit 1; }', 'sh', bin],
    }],
    why,
  );
  return { name: 'environment-precondition', summary: `Checks that ${bin} is installed before anything runs, and stops with a clear message if not.`, yaml: render(doc) };
};

export const REPAIRS: RepairRule[] = [startMissingDependency, waitLonger, environmentPrecondition];

/** The first repair that applies, or null. */
export function repairByRules(i: RepairInput, repairs: RepairRule[] = REPAIRS): Repair | null {
  for (const r of repairs) {
    const out = r(i);
    if (out) return out;
  }
  return null;
}
