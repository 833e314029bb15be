// Load put on a shared database by one client: its slow log (mysql-slow.ts leads each entry with the user) shows a
// client whose slow statements are new at the onset, while the callers' statements only got slower (they wait).
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import type { DbClient } from '../../core/logs/db-client.js';
import { normalizeService } from '../service-names.js';

/** The service a database client names (`report_builder` -> `report-builder`). */
const clientService = (user: string) => normalizeService(user.replace(/_/g, '-'));

/** `report_builder: slow query from 10.0.7.44`, as the slow-log parser words it. */
const SLOW_BY = /^([A-Za-z_][\w.-]{0,63}): slow (?:query|statement)\b/;
/** A database's own words for a statement it found slow (PostgreSQL's `duration:`, mongod's `Slow query`). */
const SLOW_STATEMENT = /\bduration: |\bslow (?:query|statement|operation)\b/i;
/** Names a client tool gives itself: the application says nothing then, the user does. */
const TOOL_APP = /^(?:\[unknown\]|unknown|psql|pg_dump|pgadmin.*|dbeaver.*|datagrip.*|mongosh|mongo|mysql)$/i;

/** Whose statements they are: the application it named itself, else the database user. */
function clientName(c: DbClient | undefined): string | null {
  if (c?.app && !TOOL_APP.test(c.app)) return c.app;
  return c?.user && !TOOL_APP.test(c.user) ? c.user : null;
}

/** A statement is logged when it ends: the first of a heavy client's may finish minutes after the load began. */
const LATE_MS = 10 * 60_000;

export const databaseLoad: Analyzer = {
  name: 'database-load',
  description: "A shared database's slow log naming a client whose slow statements began at the onset",
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    if (onset === null || !bundle.signatures) return [];
    const slow = ctx.related.flatMap((r) => {
      const m = SLOW_BY.exec(r.sig.template);
      if (m && r.service) return [{ r, user: m[1]!, server: r.service }];
      // PostgreSQL's and mongod's readers keep the server's own words and give the client as fields (db-client.ts).
      const who = clientName(r.sig.client);
      return who && SLOW_STATEMENT.test(r.sig.template) ? [{ r, user: who, server: r.service ?? r.sig.client?.db ?? 'the database' }] : [];
    });
    // Clients slow already before the onset wait on the database like everyone else; a new one brought the load.
    const newSlow = slow.filter(({ r }) => r.isNew && r.sig.first_seen !== null && Date.parse(r.sig.first_seen) <= onset + LATE_MS);
    // A client that itself fails since the onset is waiting on the database (its statements new only because they now
    // exceed the slow threshold); the one loading it has no errors of its own.
    const failing = new Set(ctx.related.filter((r) => r.service && (r.sig.level === 'error' || r.sig.level === 'fatal') && r.post > 2 * r.pre + 2).map((r) => normalizeService(r.service!)));
    const byClient = new Map<string, (typeof newSlow)[number]>();
    // Named as the service's logs name it or as it names itself to the database (`catalog`, `catalog-api`).
    const fails = (user: string) => {
      const c = clientService(user);
      return [...failing].some((f) => f === c || c.startsWith(`${f}-`) || f.startsWith(`${c}-`));
    };
    for (const x of newSlow) if (!fails(x.user)) byClient.set(x.user, byClient.get(x.user) ?? x);
    if (byClient.size !== 1) return [];
    const only = [...byClient.values()][0]!;
    const fresh = newSlow.filter((x) => x.user === only.user);
    const { r, user, server } = only;
    const waiting = [...new Set(slow.filter((x) => !fresh.includes(x) && (x.r.pre > 0 || fails(x.user))).map((x) => x.user))];
    const client = clientService(user);
    return [
      {
        kind: 'condition',
        condition: 'capacity',
        category: 'capacity',
        service: client,
        loads: server,
        // The server as its metrics may name it: its database, and the kind of server the log came from.
        names: [server, ...(r.sig.client?.db ? [r.sig.client.db] : [])],
        analyzer: this.name,
        summary: `${server} is loaded by ${user}'s statements, new at the onset (${r.post} slow, none before)${waiting.length ? `; ${waiting.slice(0, 3).join(', ')} only got slower, waiting on it` : ''}`,
        confidence: 0.55,
        evidence: refs(cite(bundle, bundle.signatures.call_id, `${user}'s slow statements in ${server}'s log, new at the onset`, [r.sig.example.split('\n')[0] ?? '', r.sig.template])),
        timeline: [{ time: r.sig.first_seen!, source: 'logs', event: `${server} logs ${user}'s first slow statement` }],
        recommendation: `Stop or reschedule what runs as ${user} on ${server} (a batch job, a new consumer), then give it its own replica or a lower priority`,
      },
    ];
  },
};
