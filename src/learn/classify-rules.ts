// The deterministic classifier: an ordered table of small pure rules over FailureFacts; the first that
// fires decides. It works with no model and is the fallback when the model's answer is unusable.
import type { FailureType } from '../runbook/execution-result.js';
import type { FailureFacts } from './failure-facts.js';

export interface Verdict {
  failure_type: FailureType;
  reasoning: string;
  confidence: number;
  evidence: string[];
}

export interface Rule {
  name: string;
  test(f: FailureFacts): Verdict | null;
}

/** The first line of `text` that matches, as evidence a reviewer can check. */
function quote(text: string, re: RegExp): string[] {
  const line = text.split('\n').find((l) => re.test(l));
  return line ? [line.trim().slice(0, 300)] : [];
}

const step = (f: FailureFacts) => (f.failingStep ? `step ${f.failingStep.step_id}` : 'the run');

export const MISSING_COMMAND_RE = /command not found|not found in PATH|executable file not found|No such file or directory.*(?:exec|spawn)|spawn \S+ ENOENT|is not installed|not recognized as an internal/i;
export const PERMISSION_RE = /EACCES|EPERM\b|permission denied|operation not permitted|access denied|unauthori[sz]ed|forbidden|\b(?:HTTP|status|code)\D{0,12}40[13]\b|\b40[13] (?:Unauthorized|Forbidden)/i;
export const NETWORK_RE = /ECONNREFUSED|connection refused|ECONNRESET|connection reset|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|could not resolve|name resolution|no route to host|timed out|deadline exceeded|\b(?:HTTP|status|code)\D{0,12}5\d\d\b|\b5\d\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)/i;
/** The host is set up differently: no git identity, a read-only target or source, an unset variable the program needs. */
export const ENV_SETUP_RE = /unable to auto-detect email address|Please tell me who you are|Author identity unknown|Read-only file system|EROFS|read-only snapshot|recorded snapshot .*cannot be changed|is not set in the environment|environment variable \S+ (?:is )?not set/i;
export const DEPENDENCY_RE = /dependency (?:is )?(?:missing|not running|unavailable|not found|not ready|down)|missing dependency|requires? \S+ to be running|\bis not running\b|\bnot started\b/i;

/** Hosts named in the text: URL hosts and host:port pairs. */
export function hostsIn(text: string): string[] {
  const out = new Set<string>();
  // Bounded repetitions keep these linear on long runs of word characters (a 1 kB stdout line).
  for (const m of text.matchAll(/(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{0,15}:\/\/(?:[^@/\s]{1,200}@)?([A-Za-z0-9.-]{1,253})/gi)) out.add(m[1].toLowerCase());
  for (const m of text.matchAll(/(?<![A-Za-z0-9.-])([A-Za-z][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63}){0,10}|\d{1,3}(?:\.\d{1,3}){3}):(\d{2,5})\b/g)) out.add(m[1].toLowerCase());
  return [...out];
}

export const RULES: Rule[] = [
  {
    name: 'runbook-does-not-fit-root-cause',
    test(f) {
      if (!f.incident || !f.match) return null;
      const cats = f.match.categories;
      if (cats.length && !cats.includes(f.incident.category)) {
        return {
          failure_type: 'wrong_runbook', confidence: 0.8, evidence: [`root cause category ${f.incident.category}; runbook matches ${cats.join(', ')}`],
          reasoning: `The investigation found a ${f.incident.category} root cause, but this runbook is written for ${cats.join(', ')}: a different runbook was needed.`,
        };
      }
      const svcs = f.match.services;
      if (f.incident.service && svcs.length && !svcs.includes(f.incident.service)) {
        return {
          failure_type: 'wrong_runbook', confidence: 0.7, evidence: [`service at fault ${f.incident.service}; runbook covers ${svcs.join(', ')}`],
          reasoning: `The fault is in ${f.incident.service}, which this runbook does not cover (${svcs.join(', ')}).`,
        };
      }
      return null;
    },
  },
  {
    name: 'command-missing',
    test(f) {
      const code = f.failingStep?.exit_code;
      if (code !== 127 && code !== 126 && !MISSING_COMMAND_RE.test(f.text)) return null;
      const why = code === 126 ? 'exit code 126 (found but not executable here)' : code === 127 ? 'exit code 127 (command not found)' : 'a missing program';
      return {
        failure_type: 'environment_difference', confidence: code === 126 ? 0.8 : 0.9,
        evidence: [...quote(f.text, MISSING_COMMAND_RE), ...(code === 126 || code === 127 ? [`exit code ${code}`] : [])].slice(0, 3),
        reasoning: `${step(f)} failed with ${why}: the host lacks a program the runbook assumes, so this environment differs from the one it was written for.`,
      };
    },
  },
  {
    name: 'permission-denied',
    test(f) {
      if (!PERMISSION_RE.test(f.text)) return null;
      return {
        failure_type: 'permission_denied', confidence: 0.9, evidence: quote(f.text, PERMISSION_RE),
        reasoning: `${step(f)} was refused by the system or an API (permission denied / 401 / 403): the runner lacks the rights, the procedure itself may be right.`,
      };
    },
  },
  {
    name: 'environment-not-set-up',
    test(f) {
      if (!ENV_SETUP_RE.test(f.text)) return null;
      return {
        failure_type: 'environment_difference', confidence: 0.8, evidence: quote(f.text, ENV_SETUP_RE),
        reasoning: `${step(f)} failed because this host is set up differently from what the runbook assumes (an identity, a writable target or a variable it needs is missing): fix the host, or check it before the first change.`,
      };
    },
  },
  {
    name: 'unmanaged-host-unreachable',
    test(f) {
      if (!NETWORK_RE.test(f.text)) return null;
      const hosts = hostsIn(f.text);
      if ( (f.failingStep?.timed_out && hosts.length === 0 && f.failingStep.kind === 'run' && !/ECONN|refused|resolve|unreach/i.test(f.text))) return null;
      const external = hosts.filter((h) => !f.managed.some((m) => m === h || h.startsWith(`${m}.`)));
      if (hosts.length > 0 && external.length === 0) return null;
      return {
        failure_type: 'external_dependency', confidence: hosts.length ? 0.8 : 0.65, evidence: quote(f.text, NETWORK_RE),
        reasoning: `${step(f)} could not reach ${external.length ? external.join(', ') : 'a remote service'} (connection refused, timeout or 5xx), which this runbook does not manage: the failure lies outside the procedure.`,
      };
    },
  },
  {
    name: 'dependency-missing',
    test(f) {
      if (!DEPENDENCY_RE.test(f.text)) return null;
      return {
        failure_type: 'runbook_insufficient', confidence: 0.85, evidence: quote(f.text, DEPENDENCY_RE),
        reasoning: `${step(f)} needs a dependency that was not running; the runbook never checks for it or starts it, so the procedure is incomplete.`,
      };
    },
  },
  {
    name: 'verification-failed-after-all-steps',
    test(f) {
      if (!f.allStepsSucceeded || !f.verificationFailed) return null;
      return {
        failure_type: 'runbook_insufficient', confidence: 0.8, evidence: f.verificationDetail ? [f.verificationDetail] : [],
        reasoning: `Every step succeeded but the verification did not pass${f.verificationDetail ? ` (${f.verificationDetail})` : ''}: the steps are not enough, or the system needed more time to recover than the runbook waits.`,
      };
    },
  },
  {
    name: 'step-timed-out',
    test(f) {
      if (!f.failingStep?.timed_out) return null;
      return {
        failure_type: 'runbook_insufficient', confidence: 0.6, evidence: quote(f.text, /timed out/i),
        reasoning: `${step(f)} ran out of time on this host: its timeout or retries are too tight for the work it does.`,
      };
    },
  },
  {
    name: 'precondition-check-failed',
    test(f) {
      const s = f.failingStep;
      if (!s || s.mutating || f.mutatedBefore || !f.mutatingAfter) return null;
      return {
        failure_type: 'wrong_diagnosis', confidence: 0.55, evidence: [`${s.step_id}: ${f.text.split('\n')[0]?.slice(0, 200) ?? ''}`],
        reasoning: `${step(f)} checks the situation before anything is changed, and it did not hold: the system is not in the state the diagnosis assumed.`,
      };
    },
  },
];

const FALLBACK: Verdict = {
  failure_type: 'unclassified', confidence: 0, evidence: [],
  reasoning: 'No rule recognised this failure (missing program, permission, unreachable host, missing dependency, failed verification, timeout): the raw signal is kept below for a person to classify.',
};

/** What the failing step actually reported: exit code or signal, and its first meaningful output line. */
function rawSignal(f: FailureFacts): string[] {
  const s = f.failingStep;
  const how = s ? (s.signal ? `${s.step_id}: killed by ${s.signal}` : s.timed_out ? `${s.step_id}: timed out` : `${s.step_id}: exit code ${s.exit_code ?? 'none'}`) : null;
  // The first line is the run's own summary; the last is usually what the program said before it gave up.
  const lines = f.text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return [...new Set([how, lines[0], lines[lines.length - 1]].filter((x): x is string => !!x).map((l) => l.slice(0, 300)))];
}

/** The first rule that fires, or `unclassified` with the raw signal; `rule` names which one decided. */
export function classifyByRules(f: FailureFacts): Verdict & { rule: string } {
  for (const r of RULES) {
    const v = r.test(f);
    if (v) return { ...v, rule: r.name };
  }
  return { ...FALLBACK, evidence: rawSignal(f), rule: 'fallback' };
}
