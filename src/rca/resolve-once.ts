// Whether a change made a proxy resolve its upstream's name once (at start or reload) where it resolved it as the
// records change: read from the diff's lines, for stale-resolution-rank.ts to name the change however old it is.
import { changeCandidates, PROXY_HISTORY_MS } from '../core/sources/git-candidates.js';
import type { EvidenceBundle } from './bundle.js';
import type { ChangeFinding } from './change-settings.js';
import { cite, refs } from './quote.js';
import { untiedChange } from './untied-change.js';

/**
 * Lines that keep a name resolved as its records change: nginx's `resolver` (with the host in a variable,
 * `proxy_pass http://$api`, or `server … resolve`), HAProxy's `resolvers` section or server option, Envoy's STRICT_DNS
 * and LOGICAL_DNS clusters (re-resolved at `dns_refresh_rate`).
 */
const RE_RESOLVES = /^\s*resolver\s+\S|^\s*resolvers\s+\S|\sresolvers\s+\S|\bproxy_pass\s+\w+:\/\/\$|\bSTRICT_DNS\b|\bLOGICAL_DNS\b|^\s*server\s+\S+.*\sresolve\b/;
/**
 * Lines that pin what a name resolved to once: an nginx `upstream` block or `proxy_pass` to a literal host name (both
 * resolved at start or reload), an Envoy STATIC cluster, a JVM DNS cache that never expires (`networkaddress.cache.ttl=-1`).
 */
const PINS = /^\s*upstream\s+[\w.-]+\s*\{|\bproxy_pass\s+\w+:\/\/[A-Za-z][\w-]*(?:\.[\w-]+)+|\btype:\s*STATIC\b|\bnetworkaddress\.cache\.ttl\s*=\s*-1\b/;
/** An added `server host resolve;` in an upstream block keeps re-resolving: the block then pins nothing. */
const KEEPS_RESOLVING = /^\s*server\s+\S+.*\sresolve\b|^\s*resolver\s+\S/;

/**
 * The added line by which the diff pins a name's addresses where a removed line kept re-resolving it (or one that sets
 * a JVM's DNS cache forever), or null: a change that adds an upstream block beside a kept resolver pins nothing.
 */
export function pinsResolution(diff: string): string | null {
  const lines = diff.split('\n').filter((l) => /^[+-](?![+-])/.test(l));
  const removed = lines.filter((l) => l[0] === '-').map((l) => l.slice(1));
  const added = lines.filter((l) => l[0] === '+').map((l) => l.slice(1));
  if (added.some((l) => KEEPS_RESOLVING.test(l))) return null;
  const pin = added.find((l) => PINS.test(l));
  if (!pin) return null;
  const forever = /networkaddress\.cache\.ttl/.test(pin);
  return forever || removed.some((l) => RE_RESOLVES.test(l)) ? pin.trim() : null;
}


/**
 * Changes live in [onset - PROXY_HISTORY_MS, before) whose diff pins a name's resolution (a week: the proxy's pin bites
 * when the upstream's addresses move, days later; older diffs are not fetched), as change findings that no rule but
 * the stale-resolution one reads: no relevance, no confidence, so none is blamed on its words or timing.
 */
export function olderPinningChanges(bundle: EvidenceBundle, onset: number, before: number): ChangeFinding[] {
  const diffs = new Map(bundle.diffs.map((d) => [d.data.sha, d]));
  return changeCandidates(bundle, onset - PROXY_HISTORY_MS, before - 1).flatMap((c) => {
    const diff = diffs.get(c.commit.sha);
    const pin = diff ? pinsResolution(diff.data.diff) : null;
    if (!diff || !pin) return [];
    const paths = diff.data.files.map((f) => f.path);
    const at = new Date(c.liveAt).toISOString();
    return [
      untiedChange({
        analyzer: 'change-correlation',
        summary: `${c.commit.sha.slice(0, 8)} "${c.commit.message}" ${c.ref ? `(${c.ref})` : ''}`.trim(),
        confidence: 0,
        evidence: refs(cite(bundle, diff.call_id, `${c.commit.sha.slice(0, 8)} "${c.commit.message}", live since ${at}, adds ${pin}`, [pin, c.commit.message])),
        timeline: [],
        change: { sha: c.commit.sha, ref: c.ref, message: c.commit.message, author: c.commit.email ? `${c.commit.author} <${c.commit.email}>` : c.commit.author, time: at },
        paths,
        security: false,
        pinsResolution: pin,
      }),
    ];
  });
}
