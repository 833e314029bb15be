// Ranking's part for a forward proxy denying one destination from the onset on (analyzers/proxy-denials.ts): the change
// that rewrote the proxy's rules for that host just before is the cause, though the clients' errors only say "proxy".
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import type { Hypothesis } from './hypothesis.js';
import { changeOwner } from './word-tie.js';
import { covers, PROXY_DENIALS } from './analyzers/proxy-denials.js';
import { revertOf } from './setter-hypothesis.js';

const MIN = 60_000;
/**
 * How long before the first denial the change may have gone live: a proxy applies new rules on reload (Squid's
 * `-k reconfigure`, nginx's `-s reload`, Envoy's listener update), which a rollout or GitOps sync runs within minutes.
 */
const BEFORE = 30 * MIN;
/** Tag times and log clocks disagree by seconds; a change tagged just after the first denial still went live with it. */
const SLACK = 2 * MIN;

/**
 * A proxy that passed a host and now denies it, while its other destinations still pass, had its rules changed for
 * that host: an allowlist entry removed or mistyped (Squid's `example.com` matches only that name, `.example.com` its
 * subdomains too). The change whose changed lines write that host or a domain of it, live just before the first
 * denial, is blamed at the service it changed, above releases of the clients whose errors share words with theirs.
 */
export function rankProxyDenial(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  for (const k of conditions.filter((x) => x.analyzer === PROXY_DENIALS && x.names?.length)) {
    const host = k.names![0]!;
    const first = Date.parse(k.timeline[0]?.time ?? '');
    if (Number.isNaN(first)) continue;
    const at = (c: ChangeFinding) => Date.parse(c.change.time);
    const c = changes
      .filter((x) => !x.inert && at(x) <= first + SLACK && first - at(x) <= BEFORE && (x.domains ?? []).some((d) => covers(d, host)))
      .sort((a, b) => at(b) - at(a))[0];
    if (!c) continue;
    const i = hypotheses.findIndex((h) => h.suspect?.sha === c.change.sha);
    if (i >= 0) hypotheses.splice(i, 1);
    const h = fromChange(c, [k], base, ctx, 'onset');
    const owner = changeOwner(c.change.ref, c.paths) ?? k.service;
    const domain = (c.domains ?? []).filter((d) => covers(d, host)).sort((a, b) => b.length - a.length)[0]!;
    const gap = Math.round(Math.max(0, first - at(c)) / 1000);
    h.service = owner;
    h.category = 'config_error';
    h.summary =
      `${k.service} denies ${host} since commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${c.change.ref ? ` (${c.change.ref})` : ''} ` +
      `went live ${gap < 120 ? `${gap} seconds` : `${Math.round(gap / 60)} min`} before the first denial, and its changed lines write ${domain}; ${k.summary}`;
    h.support = [...base, c, k];
    h.recommendations = [`${revertOf(c)}, or fix the entry for ${domain} so that it matches ${host}`, k.recommendation];
    const top = hypotheses.reduce((m, o) => Math.max(m, o.score), 0);
    // The proxy's own log names the host it refuses and the change writes it: above readings by the clients' words.
    h.score = Math.max(k.confidence + 0.2, top + 0.02);
    h.confidence = Math.min(0.95, h.score);
    hypotheses.push(h);
  }
}
