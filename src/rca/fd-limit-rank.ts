// Ranking's part for an open-file limit lowered under a service (analyzers/descriptor-limit.ts): its EMFILE errors and
// the releases that share their words are what the lower limit did, unless a release set that limit itself.
import type { Finding } from './analyzer.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { fromChange } from './change-hypothesis.js';

/** A change that sets the descriptor limit: a ulimit, systemd's LimitNOFILE, a container's nofile rlimit. */
const SETS_FD_LIMIT = /nofile|ulimit|rlimit|max_?fds|file_?descriptors?|limitnofile/i;

/**
 * Puts the lowered limit's hypothesis first. The limit a process gets comes from the node's container runtime
 * (containerd's LimitNOFILE, a node image's default) or the pod's settings, so a release of the app's code does not
 * lower it: an app release that shares the errors' words (a socket, a client library) only changed how it fails once
 * the limit is low. A release whose lines set that limit is what lowered it: it is named, with the limit as its mechanism.
 */
export function rankLoweredFdLimit(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const lowered = conditions.find((k) => k.condition === 'fd_limit_lowered' && k.confidence >= 0.5);
  const own = lowered ? hypotheses.find((h) => h.support.includes(lowered)) : undefined;
  if (!own) return;
  const setter = changes.filter((c) => c.timing >= 0.3 && setsFdLimit(c)).sort((a, b) => b.timing - a.timing)[0];
  let named: Hypothesis | undefined;
  if (setter) {
    named = hypotheses.find((h) => h.suspect?.sha === setter.change.sha);
    if (!named) hypotheses.push((named = fromChange(setter, conditions, base, ctx, 'limit')));
    named.score = named.confidence = Math.min(0.95, Math.max(named.score, own.score + 0.02));
  }
  for (const h of hypotheses) {
    if (h === own || h === named) continue;
    h.score = Math.min(h.score, own.score - 0.05);
    h.confidence = Math.min(h.confidence, h.score);
  }
}

function setsFdLimit(c: ChangeFinding): boolean {
  return [...c.settings, ...(c.added ?? [])].some((s) => SETS_FD_LIMIT.test(s.key) || SETS_FD_LIMIT.test(s.line)) || c.hints.some((h) => SETS_FD_LIMIT.test(h));
}
