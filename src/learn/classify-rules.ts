// The deterministic classifier: an ordered table of small pure rules over FailureFacts; the first that
// fires decides. It works with no model and is the fallback when the model's answer is unusable.
import type { FailureType } from '../runbook/execution-result.js';
import type { FailureFacts } from './failure-facts.js';
import { DEPENDENCY_RE, DNS_RE, ENV_SETUP_RE, LOCAL_PEER_RE, MISSING_COMMAND_RE, NETWORK_RE, PERMISSION_RE, WAIT_RE, dependencyName } from './failure-signals.js';

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

export { DEPENDENCY_RE, ENV_SETUP_RE, MISSING_COMMAND_RE, NETWORK_RE, PERMISSION_RE } from './failure-signals.js';

/** Hosts named in the text: URL hosts and host:port pairs. */
export function hostsIn(text: string): string[] {
  const out = new Set<string>();
  // Bounded repetitions keep these linear on long runs of word characters (a 1 kB stdout line).
  for (const m of text.matchAll(/(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{0,15}:\/\/(?:[^@/\s]{1,200}@)?([A-Za-z0-9.-]{1,253})/gi)) out.add(m[1].toLowerCase());
  for (const m of text.matchAll(/(?<![A-Za-z0-9.-])([A-Za-z][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63}){0,10}|\d{1,3}(?:\.\d{1,3}){3}):(\d{2,5})\b/g)) out.add(m[1].toLowerCase());
  return [...out];
}

const LOCAL_DOWN_RE = /ECONNREFUSED|connection refused|failed to connect|couldn't connect to server|can(?:no|')t connect to|could not connect to|connection to server .{0,160}failed|Is the server running|Is the \S+ daemon running/i;
const isLoopback = (h: string) => /^(?:127\.|localhost$|::1$|\[::1\]$)/.test(h);
const isManaged = (f: FailureFacts, h: string) => f.managed.some((m) => m === h || h.startsWith(`${m}.`));
/** The last non-empty line of the step's stderr/stdout tail (the text ends with them). */
const lastLine = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '';

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
      // 126 is "found but cannot execute" only when no daemon or socket is what refused (docker exits 126 for its socket).
      const notExecutable = code === 126 && !/(?:socket|daemon|connect)[^\n]{0,80}permission denied|permission denied[^\n]{0,80}(?:socket|daemon)/i.test(f.text);
      if (code !== 127 && !notExecutable && !MISSING_COMMAND_RE.test(f.text)) return null;
      const why = notExecutable ? 'exit code 126 (found but not executable here)' : code === 127 ? 'exit code 127 (command not found)' : 'a missing program';
      return {
        failure_type: 'environment_difference', confidence: notExecutable ? 0.8 : 0.9,
        evidence: [...quote(f.text, MISSING_COMMAND_RE), ...(notExecutable || code === 127 ? [`exit code ${code}`] : [])].slice(0, 3),
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
        reasoning: `${step(f)} was refused by the system, a server or an API (permission denied / failed authentication / 401 / 403): the runner lacks the rights, the procedure itself may be right.`,
      };
    },
  },
  {
    name: 'environment-not-set-up',
    test(f) {
      if (!ENV_SETUP_RE.test(f.text)) return null;
      return {
        failure_type: 'environment_difference', confidence: 0.8, evidence: quote(f.text, ENV_SETUP_RE),
        reasoning: `${step(f)} failed because this host is set up differently from what the runbook assumes (an identity, a package or module, a unit, a container, a writable or non-full disk, a free port): fix the host, or check it before the first change.`,
      };
    },
  },
  {
    name: 'local-service-down',
    test(f) {
      const lines = f.text.split('\n').filter((l) => LOCAL_DOWN_RE.test(l));
      if (lines.length === 0 || DNS_RE.test(lines.join('\n'))) return null;
      const peers = hostsIn(lines.join('\n') + '\n' + (f.failingStep?.command ?? ''));
      const local = lines.some((l) => LOCAL_PEER_RE.test(l)) || peers.some(isLoopback);
      const managed = peers.length > 0 && peers.every((h) => isManaged(f, h));
      // A refusal from a named host this runbook does not manage is someone else's outage (next rule).
      if (!local && peers.length > 0 && !managed) return null;
      const dep = dependencyName(f.text, local);
      return {
        failure_type: 'runbook_insufficient', confidence: local || managed ? 0.8 : 0.6, evidence: lines.slice(0, 2).map((l) => l.trim().slice(0, 300)),
        reasoning: `${step(f)} could not connect to ${dep ?? (local ? 'a service on this host' : managed ? peers.join(', ') : 'a service')}, which was not accepting connections: the runbook relies on it without checking it runs or starting it.`,
      };
    },
  },
  {
    name: 'unmanaged-host-unreachable',
    test(f) {
      if (!NETWORK_RE.test(f.text) && !DNS_RE.test(f.text)) return null;
      const hosts = hostsIn(f.text + '\n' + (f.failingStep?.command ?? ''));
      if ( (f.failingStep?.timed_out && hosts.length === 0 && f.failingStep.kind === 'run' && !/ECONN|refused|resolve|unreach/i.test(f.text))) return null;
      const external = hosts.filter((h) => !isManaged(f, h));
      if (hosts.length > 0 && external.length === 0) return null;
      return {
        failure_type: 'external_dependency', confidence: hosts.length ? 0.8 : 0.65, evidence: quote(f.text, DNS_RE.test(f.text) ? DNS_RE : NETWORK_RE),
        reasoning: `${step(f)} could not reach ${external.length ? external.join(', ') : 'a remote service'} (name not resolved, connection refused, timeout or 5xx), which this runbook does not manage: the failure lies outside the procedure.`,
      };
    },
  },
  {
    name: 'not-ready-yet',
    test(f) {
      if (!WAIT_RE.test(f.text)) return null;
      return {
        failure_type: 'runbook_insufficient', confidence: 0.7, evidence: quote(f.text, WAIT_RE),
        reasoning: `${step(f)} gave up waiting for something still on its way (a rollout, a load, a long statement): the runbook does not give it enough time or retries.`,
      };
    },
  },
  {
    name: 'dependency-missing',
    test(f) {
      if (!DEPENDENCY_RE.test(f.text)) return null;
      const dep = dependencyName(f.text);
      return {
        failure_type: 'runbook_insufficient', confidence: 0.85, evidence: quote(f.text, DEPENDENCY_RE),
        reasoning: `${step(f)} needs ${dep ?? 'a dependency'} that was not running; the runbook never checks for it or starts it, so the procedure is incomplete.`,
      };
    },
  },
  {
    name: 'file-missing',
    test(f) {
      // The program's last word: a missing file mentioned earlier in a log is often noise, the final error is not.
      const last = lastLine(f.failingStep ? f.text : '');
      if (!/No such file or directory|\bENOENT\b|FileNotFoundError|NoSuchFileException/i.test(last)) return null;
      return {
        failure_type: 'environment_difference', confidence: 0.7, evidence: [last.slice(0, 300)],
        reasoning: `${step(f)} needs a file this host does not have: the runbook assumes a layout (a config, an archive, a path) that differs here.`,
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
  // Many programs state the error first and follow with a stack (panics, tracebacks): keep that line too.
  const stated = lines.slice(1).find((l) => /\b(?:error|panic|exception|fatal)\b|Error:/i.test(l) && !/^(?:step \S+ failed|exit code)/.test(l));
  return [...new Set([how, lines[0], stated, lines[lines.length - 1]].filter((x): x is string => !!x).map((l) => l.slice(0, 300)))];
}

/** The first rule that fires, or `unclassified` with the raw signal; `rule` names which one decided. */
export function classifyByRules(f: FailureFacts): Verdict & { rule: string } {
  for (const r of RULES) {
    const v = r.test(f);
    if (v) return { ...v, rule: r.name };
  }
  return { ...FALLBACK, evidence: rawSignal(f), rule: 'fallback' };
}
