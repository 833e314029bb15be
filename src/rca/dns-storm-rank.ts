// Ranking's part for a cluster DNS that is overwhelmed: the release that started a storm of lookups there (dns-lookups.ts)
// is the cause; the callers whose lookups time out, and a release of theirs that retries lookups, are what it did.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { topDirectory, type ChangeFinding, type ConditionFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { isDnsService } from './resolver-failures.js';
import { matching } from './signals.js';

/** A condition about the cluster's DNS: its lookups failing for callers, its pods at a limit. */
const aboutDns = (k: ConditionFinding): boolean => k.confidence >= 0.4 && [k.service, ...(k.names ?? [])].some((n) => !!n && isDnsService(n));

/** A failed lookup: the resolver's words for a name it could not turn into an address. */
const LOOKUP_FAILED = /\blookup\b|resolv|NXDOMAIN|SERVFAIL|ENOTFOUND|EAI_AGAIN|no such host|unknown ?host|name or service not known/i;
/** An answer that the name does not exist: the DNS server replied, so it was not overwhelmed. */
const ANSWERED = /NXDOMAIN|no such host|ENOTFOUND|name or service not known/i;
/** A lookup left waiting or refused: what an overwhelmed DNS server does. */
const UNANSWERED = /tim(e|ed)[ _-]?out|SERVFAIL|EAI_AGAIN|temporary failure|refused|deadline/i;

/** Every failed lookup at the onset was answered (the name does not exist): a missing record, not a storm. */
const onlyMissingNames = (ctx: AnalysisContext): boolean => {
  const failed = matching(ctx, LOOKUP_FAILED).sigs.map((r) => `${r.sig.template}\n${r.sig.example}`);
  return failed.length > 0 && failed.every((t) => ANSWERED.test(t) && !UNANSWERED.test(t));
};

/**
 * With the cluster's DNS failing or at its limit, names the release whose added host the DNS server began to be asked
 * for as it went live (most of what it was then asked): that release, over the DNS server and over any release that
 * only shares the lookup errors' words (a caller's retry on lookup errors comes from the victims' side).
 */
export function rankDnsStorm(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const dns = conditions.filter(aboutDns);
  if (dns.length === 0 || onlyMissingNames(ctx)) return;
  const starter = changes.filter((c) => c.lookups && !c.inert).sort((a, b) => b.lookups!.queries - a.lookups!.queries)[0];
  if (!starter?.lookups) return;
  const { host, start, share } = starter.lookups;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === starter.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(starter, conditions, base, ctx, 'relevance');
  // The lookups come from the pods of the service whose folder it changed, whether or not that service logs anything.
  h.service = topDirectory(starter.paths) ?? h.service;
  const server = dns.find((k) => k.service && isDnsService(k.service))?.service ?? 'the DNS server';
  const gap = start - Date.parse(starter.change.time);
  const when = gap < 60_000 ? 'within a minute of it going live' : `${minutes(gap)} after it went live`;
  h.summary =
    `${h.service ?? 'a service'} began looking up ${host} in commit ${starter.change.sha.slice(0, 8)} "${starter.change.message}"${starter.change.ref ? ` (${starter.change.ref})` : ''}: ` +
    `${when} ${server} was first asked for that name (with its search-domain expansions), ${Math.round(share * 100)} % of its queries from then on, and lookups through it began to fail`;
  h.score = h.confidence = justAbove(hypotheses, Math.max(...dns.map((k) => k.confidence)), 0.9);
  h.recommendations = [
    `Roll back${starter.change.ref ? ` ${starter.change.ref}` : ''} or revert ${starter.change.sha.slice(0, 12)} "${starter.change.message}"`,
    `Look ${host} up as a fully qualified name (a trailing dot) or lower the pods' ndots, and cache or batch those lookups, so that each call does not ask the cluster's DNS several times`,
    ...dns.slice(0, 1).map((k) => k.recommendation),
  ];
  // The DNS failing is what the storm did; a release that shares only the lookup errors' words came from the victims.
  for (const o of hypotheses) o.score = o.confidence = Math.min(o.score, h.score - 0.05);
  hypotheses.push(h);
}
