// A certificate whose automatic renewal is long overdue (its renewal time, cert-manager's series, passed days ago, and
// the issuer's challenges keep failing): to blame is the latest change before that renewal fell due to what it passes through.
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { untiedChange } from '../untied-change.js';
import { valueAt } from '../series.js';
import { seriesName } from '../signals.js';
import { asDate, servedBy } from './cert-expiry-series.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** A series whose name says it holds when a certificate is to renew (cert-manager's renewal_timestamp_seconds). */
const RENEWAL_METRIC = /(?:cert|ssl|tls|x509)\w*renew\w*(?:timestamp|time|date)/i;
/** Renewal past due by this much has failed (a renewal that works moves the date on within minutes). */
const OVERDUE = 60 * MIN;
/** How long before the renewal fell due a change to its path is still read as what blocked it. */
const BEFORE_DUE = 14 * DAY;
/** An issuer's renewal at work: ACME challenges, cert-manager's self check, an issuing certificate (not "order": a shop's word). */
const RENEWAL_WORDS = /\bacme\b|challenge|self[- ]?check|propagation check|http-01|dns-01|issuing|renew/i;
/** The challenge was refused by an authentication layer, not missing (a 401 or 403 from the server that answered). */
const REFUSED = /\b(?:401|403)\b|unauthori[sz]ed|forbidden/i;
/** Changed lines that put authentication in front of requests (an auth proxy, SSO, an allow list). */
const AUTH_LINES = /auth|oauth|sso|signin|login|oidc|jwt|allow|deny|whitelist|no-auth/i;
/** Changed lines that change which requests reach what (paths, redirects, DNS, a firewall), or authenticate them. */
const PATH_LINES = /location|path|well-known|acme|redirect|rewrite|ingress|dns|firewall|allow|deny|auth/i;

export const renewalBlocker: Analyzer = {
  name: 'renewal-blocker',
  description: "The latest change to what a certificate's renewal passes through, before that renewal fell due and kept failing",
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    if (onset === null) return [];
    let due: { at: number; name: string; service: string | null; call: string; metric: string } | null = null;
    for (const c of bundle.series) {
      for (const s of c.data) {
        if (!RENEWAL_METRIC.test(s.metric)) continue;
        const v = valueAt(s.points, onset);
        const at = v === null ? null : asDate(v);
        if (at === null || at > onset - OVERDUE) continue;
        const service = servedBy(s.labels, ctx.services);
        if (!due || (service !== null && due.service === null) || (!!service === !!due.service && at < due.at)) due = { at, name: seriesName(s), service, call: c.call_id, metric: s.metric };
      }
    }
    // The renewal's own failures in the logs say how it is blocked; without them an old date is no proof.
    const failing = (bundle.signatures?.data ?? []).filter((g) => RENEWAL_WORDS.test(`${g.template} ${g.example}`));
    if (!due || failing.length === 0) return [];
    const refused = failing.find((g) => REFUSED.test(`${g.template} ${g.example}`));
    const words = refused ? AUTH_LINES : PATH_LINES;
    const blocker = bundle.diffs
      .filter((d) => {
        const t = Date.parse(d.data.time);
        return t <= due!.at && t >= due!.at - BEFORE_DUE && words.test(changedLines(d.data.diff));
      })
      .sort((a, b) => Date.parse(b.data.time) - Date.parse(a.data.time))[0];
    if (!blocker) return [];
    const c = blocker.data;
    const failure = refused ?? failing[0]!;
    const days = Math.round((due.at - Date.parse(c.time)) / (60 * MIN)) / 24;
    const paths = c.files.map((f) => f.path);
    return [
      untiedChange({
        analyzer: this.name,
        summary: `${c.sha.slice(0, 8)} "${c.message}" changed what the renewal of ${due.name} passes through, ${days.toFixed(1)} days before it fell due`,
        confidence: 0.5,
        evidence: refs(
          cite(bundle, due.call, `${due.name} says the renewal was due at ${new Date(due.at).toISOString()} and never happened`, [due.metric]),
          bundle.signatures ? cite(bundle, bundle.signatures.call_id, `the renewal keeps failing: ${failure.count} times in the window`, [failure.template]) : null,
          cite(bundle, blocker.call_id, `${c.sha.slice(0, 8)} "${c.message}" committed at ${c.time}`, [c.message]),
        ),
        timeline: [{ time: new Date(due.at).toISOString(), source: 'metrics', event: `certificate renewal due (${due.name}), then failing` }],
        change: { sha: c.sha, ref: null, message: c.message, author: c.email ? `${c.author} <${c.email}>` : c.author, time: c.time },
        paths,
        security: true,
        blocksRenewal: { due: new Date(due.at).toISOString(), service: due.service, failure: failure.template.slice(0, 200) },
      }),
    ];
  },
};

/** The diff's added and removed lines. */
function changedLines(diff: string): string {
  return diff
    .split('\n')
    .filter((l) => /^[+-](?![+-])/.test(l))
    .join('\n');
}
