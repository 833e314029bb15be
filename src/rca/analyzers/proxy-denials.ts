// A forward proxy (Squid) denying one destination from the onset on that it passed before, while it still passes its
// other traffic: its access rules changed for that host. Read by proxy-denial-rank.ts.
import type { ErrorSignature } from '../../core/evidence.js';
import type { RequestFlows } from '../../core/sources/request-flows.js';
import { normalizeService } from '../service-names.js';
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { msOf } from '../series.js';

export const PROXY_DENIALS = 'proxy-denials';
const MIN = 60_000;
/** The first denial this close to the onset is where the onset's failures came from. */
const NEAR = 10 * MIN;
/** A host name of two labels or more (`api.example.com`, `example.com`). */
const HOST = '([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)';
/**
 * A proxy's denial of a destination as the Squid parser words its access.log (access-log.ts): `CONNECT api.example.com
 * TCP_DENIED 403`, the status masked in a statement's key. TCP_DENIED is Squid's own rules refusing, not the remote.
 */
const DENIAL = new RegExp(`^[A-Z]+ ${HOST} TCP_DENIED\\w* (?:\\d{3}|<\\*>)`, 'i');
/** A request the proxy passed on (`CONNECT api.example.com TCP_TUNNEL 200`, `GET host TCP_MISS 200`). */
const PASSED = new RegExp(`^[A-Z]+ ${HOST} (?:TCP|UDP|NONE)_(?!DENIED)\\w+ (?:[123]\\d\\d|<\\*>)`, 'i');
/** Of the proxy's lines after the first denial, at least this share must be other traffic it still passes. */
const STILL_PASSING = 0.2;
/** Least denials, and least requests to the host it passed before, for either to be a pattern. */
const MIN_DENIALS = 3;
const MIN_PASSED = 5;

/** The destination a proxy's denial names, or null when the line is no proxy's denial. */
export function deniedHost(line: string): string | null {
  return DENIAL.exec(line)?.[1]?.toLowerCase() ?? null;
}

/** Host names and domains a diff's changed lines write (`.example.com` in an allowlist, `api.example.com` in a URL). */
export function writtenDomains(changedLines: string): string[] {
  const found = changedLines.toLowerCase().match(/(?<![\w.-])\.?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}\b/g) ?? [];
  return [...new Set(found.map((d) => d.replace(/^\./, '')))].slice(0, 200);
}

/** The domain is the host or one it belongs to: `example.com` covers `api.example.com`, not `myexample.com`. */
export const covers = (domain: string, host: string): boolean => host === domain || host.endsWith(`.${domain}`);

type Statement = NonNullable<RequestFlows['statements']>[number];

/** Of the proxy's statements, the entries in the minutes `pick` keeps: its denials and the requests it passed on. */
function tally(statements: Statement[], pick: (i: number) => boolean): { denied: number; passed: number } {
  const sum = (s: Statement) => s.counts.reduce((a, n, i) => a + (pick(i) ? n : 0), 0);
  return {
    denied: statements.filter((s) => deniedHost(s.step)).reduce((a, s) => a + sum(s), 0),
    passed: statements.filter((s) => !s.failed && PASSED.test(s.step)).reduce((a, s) => a + sum(s), 0),
  };
}

/** Entries of the proxy passing `host` before minute `before`: the host was reachable through it until then. */
function passedBefore(statements: Statement[], minutes: number[], host: string, before: number): number {
  return statements
    .filter((s) => !s.failed && PASSED.exec(s.step)?.[1]?.toLowerCase() === host)
    .reduce((a, s) => a + s.counts.reduce((b, n, i) => b + (minutes[i]! < before ? n : 0), 0), 0);
}

export const proxyDenials: Analyzer = {
  name: PROXY_DENIALS,
  description: 'A forward proxy denying one destination from the onset on, while it still passes its other traffic',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    const minutes = bundle.flows?.data.statementMinutes ?? [];
    const statements = bundle.flows?.data.statements ?? [];
    if (onset === null || !bundle.signatures || statements.length === 0) return [];
    const out: Finding[] = [];
    for (const s of bundle.signatures.data) {
      const host = deniedHost(s.example);
      const first = msOf(s.first_seen);
      const service = s.services[0];
      // New at the onset: a destination the proxy denied before is its standing policy, not a change of it.
      if (!host || !service || !(Math.abs(first - onset) <= NEAR) || !s.new || s.baseline_count > 0 || s.count < MIN_DENIALS) continue;
      const mine = statements.filter((x) => x.service && normalizeService(x.service) === normalizeService(service));
      const start = Math.floor(first / MIN) * MIN;
      // It passed this host before: the denials are a change, not a destination nobody ever allowed.
      if (passedBefore(mine, minutes, host, start) < MIN_PASSED) continue;
      // One destination among others it still passes: a proxy down or denying everything is another story.
      const after = tally(mine, (i) => minutes[i]! >= start);
      const share = after.passed / Math.max(1, after.passed + after.denied);
      if (share < STILL_PASSING) continue;
      out.push({
        kind: 'condition',
        condition: 'proxy_denied',
        category: 'config_error',
        service,
        names: [host],
        analyzer: PROXY_DENIALS,
        summary: `${service} denies ${host} since ${new Date(first).toISOString()} (${s.count} denials, none before), while ${Math.round(share * 100)}% of its requests since still go through (its access rules changed for that host)`,
        confidence: 0.6,
        evidence: refs(cite(bundle, bundle.signatures.call_id, `${service} denied ${host} ${s.count} times from ${new Date(first).toISOString()} on, none in the baseline`, [s.example])),
        timeline: [{ time: new Date(first).toISOString(), source: 'logs', event: `${service}: first denial of ${host}` }],
        recommendation: `Check ${service}'s allowlist for ${host} (a domain entry matches its subdomains only as its proxy spells it, e.g. Squid's leading dot)`,
      });
    }
    return out;
  },
};
