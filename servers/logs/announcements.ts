// Runtime changes a service announces in its own log at any level: a feature flag switched, configuration reloaded with
// changes, the schema changed (an index dropped, a migration applied), a workload created or started, a node's clock
// jumped (its kernel or time daemon says so), a replicated store failed over or a node was drained for a reboot, someone
// ran a heavy operation by hand on a data store (a mutation, VACUUM FULL, REINDEX, OPTIMIZE), an autoscaler rescaled, an
// audit log recorded a mutating control-plane call (audit-records.ts), an identity or secrets system ended or replaced a
// credential (credential-events.ts), infrastructure as code destroying a resource. Logged once.
import type { LogEntry } from './entries.js';
import { FAILOVER, failoverSubjects, failoverText } from './failover-lines.js';
import { operatorObjects } from './operator-objects.js';
import { auditChanges } from './audit-records.js';
import { auditCredential, credentialEvent, type CredentialKind } from './credential-events.js';

export interface Announcement {
  time: string;
  service: string | null;
  kind: 'flag' | 'config' | 'schema' | 'lifecycle' | 'clock' | 'failover' | 'operation' | 'scale' | 'audit' | 'credential' | 'destroy';
  /** The entry's first line, cut to 240 characters. */
  text: string;
  /** Of a clock jump: the host the entry came from (a journal's _HOSTNAME), where it says. */
  host?: string;
  /** Of a schema change: the objects it names (an index, a table, a migration's file); of a control plane applying
   * configuration: the declared objects (`Kind/namespace/name`). Both find the commit behind it. Of a failover or a node
   * drained: what failed over or was drained (the old then the new primary's host, the database, the node). Of a
   * resource destroyed: its address (`aws_elasticache_replication_group.web`) then its id. */
  objects?: string[];
  /** Of a control-plane audit record (audit-records.ts): who made the call. */
  actor?: string;
  /** Of a credential lifecycle event, or an audit record's call that ended or replaced one: which kind of credential. */
  credential?: CredentialKind;
}

/**
 * Most announcements kept per kind of change, the latest (nearest the moment asked about): a window with more is a
 * deploy storm, not one change, and pods created by the dozen must not crowd out the one flag switched.
 */
export const MAX_ANNOUNCEMENTS = 50;

// A cheap first look (most lines fail it on their first characters): one of the words every pattern below needs.
const MAYBE = /new size|flag|toggle|config|setting|propert|created pod|started|process up|scaled|pulling image|index|migrat|alter|schema|apply|applying|upgrade|sync|reconcil|clock|time jump|stepped|step time|failover|switch-master|odown|promot|primary|drain|reboot|vacuum|reindex|optimize|mutation|repack|defragment|compact|destroying/i;
// Not a URL's word (`GET /api/flags?enabled=true`).
const FLAG = /(?<![\w/.-])(?:feature[ _-]?)?(?:flag|toggle)s?\b(?![/?=&]).{0,120}?(?:\b(?:changed|enabled|disabled|switched|turned (?:on|off)|flipped|set to|now (?:on|off|true|false))\b|(?:->|=>|→))/i;
const CONFIG = /\b(?:config(?:uration)?|settings|properties)\b.{0,80}?\b(?:reloaded|changed|updated|applied|hot[- ]?reloaded)\b/i;
// A daemon told to re-read its configuration by signal (PgBouncer's "got SIGHUP, re-reading config", "received SIGHUP,
// reloading configuration"): a configuration that went live without a restart.
const SIGNAL_RELOAD = /\b(?:got|received|caught) SIGHUP\b.{0,40}?\b(?:re-?read(?:ing)?|reload(?:ing)?)\b.{0,20}?\bconfig/i;
// A database's own record of DDL (mongod's `CMD: dropIndexes`, a statement log's DROP INDEX / ALTER TABLE) and the
// migration tools' lines (migrate-mongo, Flyway, Alembic, Django, Rails, knex): the schema changed under running code.
const SCHEMA =
  /\bCMD: (?:dropIndexes|createIndexes|drop|renameCollection|collMod)\b|\b(?:DROP|CREATE|ALTER)\s+(?:UNIQUE\s+)?(?:INDEX|TABLE|COLUMN)\b|\bMIGRATED (?:UP|DOWN):|\bMigrating schema\b.{0,80}\bto version\b|\bRunning upgrade \S+ -> \S+|\bApplying [\w.]+\.\d{4}_\w+|^== \d+ \w+: migrat(?:ing|ed)\b|\bBatch \d+ run: \d+ migrations?\b/;
// A heavy operation run on a data store by hand, as its own log records the statement: a ClickHouse mutation (`ALTER
// TABLE t DELETE|UPDATE …` rewrites every part it touches; `Added mutation` is the server's own line for it), a
// MATERIALIZE, VACUUM FULL, REINDEX, OPTIMIZE TABLE, pg_repack. Each holds locks, I/O or the store's
// background pool for minutes to hours: a change to production that no commit records. Not autovacuum (routine).
// Also a store's maintenance on demand: etcd's `starting defragment` / `defragmenting` (the member blocks reads and
// writes while bbolt rewrites its file), RocksDB's `Manual compaction starting`, MongoDB's `compact` command. Not a
// scheduled compaction (etcd's `finished scheduled compaction`, routine and short).
const OPERATION =
  /\bstarting defragment\b|^defragmenting\b|\bManual compaction (?:starting|from level)\b|\bCMD: compact\b|\bALTER\s+TABLE\s+[\w.`"]{1,200}\s+(?:ON\s+CLUSTER\s+\S+\s+)?(?:DELETE\s+WHERE\b|UPDATE\s+\w+\s*=|MATERIALIZE\s+(?:INDEX|COLUMN|TTL|PROJECTION)\b)|\bAdded mutation\b|\bVACUUM\s+(?:\(\s*)?FULL\b|\bREINDEX\s+(?:\(\s*\w+\s*\)\s+)?(?:TABLE|INDEX|DATABASE|SCHEMA|SYSTEM)\b|\bOPTIMIZE\s+TABLE\b|\bpg_repack\b/i;
// Kubernetes' own words for a workload created or started (events, after the reason a JSON event's line starts with:
// "ScalingReplicaSet: Scaled up replica set …"), and a JVM service's "Started X in 12.3 seconds".
const LIFECYCLE = /^(?:[A-Z][A-Za-z]{2,40}: )?(?:Created pod: \S+|Started container \S+|Scaled (?:up|down) replica set \S+)|^Started \w+ in [\d.]+ seconds/;
// The Kubernetes HPA controller's SuccessfulRescale event ("New size: 4; reason: All metrics below target"), KEDA's
// HPAs included: each moment the autoscaler changed a workload's replicas, and to how many (flapping is read from them).
const RESCALE = /\bNew size: \d{1,6}; reason:/;
// A daemon's own start line, after whatever prefix its log puts first (PgBouncer's "[1] LOG process up: PgBouncer 1.20.1").
const STARTED = /\bprocess up: \w+ v?\d/;
// A node's clock stepped or found wrong: chronyd ("System clock wrong by -127.2 seconds", "Forward time jump detected!",
// "System clock was stepped by"), ntpd ("step time server ... offset"), systemd ("Time has been changed"), the kernel's
// clocksource watchdog ("Marking clocksource 'tsc' as unstable"): every time-checked token or certificate there is off.
const CLOCK =
  /\bSystem clock wrong by [-+]?\d|\b(?:System )?clock (?:was )?stepped by\b|\b(?:Forward|Backward) time jump detected\b|\bstep time server \S+ offset [-+]?\d|\bTime has been changed\b|\bMarking clocksource '\w+' as unstable\b|\bMarking TSC unstable\b/;
// A GitOps or mesh control plane applying a declared object, named `Kind/name` or `Kind/namespace/name` (Argo CD's
// "Applying resource DestinationRule/tax-svc", istiod's "Push debounce … for config DestinationRule/shop/tax-svc", Flux's
// "DestinationRule/shop/tax-svc configured"): the moment a merged manifest went live, which no release tag records.
const APPLIED_OBJECT = /\b([A-Z][A-Za-z]{2,60})\/((?:[a-z0-9][a-z0-9.-]{0,62}\/)?[a-z0-9][a-z0-9.-]{0,252})(?![\w/])/g;
// The controllers' own verbs, not any "applied" or "push" (a discount applied to Order/123, a push sent to Device/ab12).
const APPLYING = /\b(?:for config|applying (?:resource|object|manifest)s?|configured|synced|reconcil(?:ed|ing))\b/i;
// Terraform's and OpenTofu's own line as an apply starts destroying a resource ("aws_db_instance.orders: Destroying...
// [id=orders-db]"), a replacement's first half when a changed argument forces a new resource: from then on whatever
// uses it has nothing to reach until the new one is created, minutes later for a database or a cache.
const DESTROYING = /^((?:module\.[\w-]+\.)*[a-z][a-z0-9]*_[a-z0-9_]+\.[\w-]+(?:\[[^\]]{1,80}\])?)(?: \(deposed object \w+\))?: Destroying\.\.\. \[id=([^\],\s]{1,200})\]/;
// "refreshed: no changes", "configuration unchanged": a look that found nothing new.
const NOTHING = /\b(?:no|0|zero) (?:changes?|difference)\b|\bunchanged\b|\bnothing (?:changed|to (?:do|apply))\b/i;

/** What runtime change the message's first line announces, or null. */
export function announcedKind(message: string): Announcement['kind'] | null {
  const nl = message.indexOf('\n');
  const line = nl < 0 ? message : message.slice(0, nl);
  if (line.length > 2000 || !MAYBE.test(line) || NOTHING.test(line)) return null;
  if (RESCALE.test(line)) return 'scale';
  if (DESTROYING.test(line)) return 'destroy';
  if (LIFECYCLE.test(line) || STARTED.test(line)) return 'lifecycle';
  if (CLOCK.test(line)) return 'clock';
  if (FAILOVER.test(line)) return 'failover';
  // Before SCHEMA: a mutation is spelled ALTER TABLE but changes data, not the schema.
  if (OPERATION.test(line)) return 'operation';
  if (SCHEMA.test(line)) return 'schema';
  if (FLAG.test(line)) return 'flag';
  if (CONFIG.test(line) || SIGNAL_RELOAD.test(line) || appliedObjects(line).length > 0) return 'config';
  return null;
}

/** The declared objects (`Kind/name`, `Kind/namespace/name`) a control plane's line says it applied or pushed (at most 8). */
export function appliedObjects(line: string): string[] {
  if (!APPLYING.test(line)) return [];
  return [...new Set([...line.matchAll(APPLIED_OBJECT)].map((m) => `${m[1]}/${m[2]}`))].slice(0, 8);
}

/** Collects the announcements among a scan's entries, the latest MAX_ANNOUNCEMENTS of each kind, in time order. */
export class AnnouncementLog {
  // A control plane's applies are kept apart from the services' own config reloads: a mesh pushing endpoints all day
  // must not crowd out the one reload that matters. An autoscaler's rescales are apart too: pods created by the dozen
  // must not crowd out the swings of its replicas.
  private readonly found: Record<Announcement['kind'] | 'applied', Array<{ t: number; a: Announcement }>> = { flag: [], config: [], schema: [], lifecycle: [], clock: [], failover: [], operation: [], scale: [], audit: [], credential: [], destroy: [], applied: [] };

  add(time: number, e: LogEntry): void {
    // An audit log's record (CloudTrail, Kubernetes, GCP) is a change only when it writes; it is told by its fields.
    if (e.fields && (e.fields.eventName !== undefined || e.fields.verb !== undefined || e.fields.protoPayload !== undefined || e.fields.Records !== undefined)) {
      const calls = auditChanges(e.fields);
      for (const c of calls) {
        const credential = auditCredential(c.action);
        this.keep('audit', c.time ?? time, { time: new Date(c.time ?? time).toISOString(), service: e.service, kind: 'audit', text: c.text, ...(c.targets.length ? { objects: c.targets } : {}), ...(c.actor ? { actor: c.actor } : {}), ...(credential ? { credential } : {}) });
      }
      // Anything else (a read, an app's own `verb` field) is read as any other line.
      if (calls.length) return;
    }
    const line = e.message.split('\n', 1)[0]!;
    // Kept apart from the rest: a secrets engine revoking short-lived leases all day must not crowd out other changes.
    const cred = credentialEvent(line, e.fields);
    if (cred) {
      this.keep('credential', time, { time: new Date(time).toISOString(), service: e.service, kind: 'credential', text: cred.text, credential: cred.credential, ...(cred.targets.length ? { objects: cred.targets } : {}), ...(cred.actor ? { actor: cred.actor } : {}) });
      return;
    }
    // An operator names the object it acted on in its fields (operator-objects.ts): that is a control plane's apply too.
    const operated = operatorObjects(line, e.fields);
    const kind = announcedKind(e.message) ?? (operated.length ? 'config' : null);
    if (kind === null) return;
    // A JSON event (EventBridge's) is told by its message: its first 240 characters are envelope.
    const first = kind === 'failover' ? failoverText(line) : line;
    const applied = kind === 'config' ? [...new Set([...appliedObjects(first), ...operated])].slice(0, 8) : [];
    const a: Announcement = { time: new Date(time).toISOString(), service: e.service, kind, text: first.length > 240 ? `${first.slice(0, 239)}…` : first };
    if (kind === 'schema' || kind === 'operation') a.objects = schemaObjects(first, e.fields);
    const host = e.fields?.host;
    if (kind === 'clock' && typeof host === 'string' && host.length <= 200) a.host = host;
    if (applied.length) a.objects = applied;
    if (kind === 'failover') a.objects = failoverSubjects(line);
    if (kind === 'destroy') a.objects = DESTROYING.exec(first)!.slice(1, 3);
    this.keep(applied.length ? 'applied' : kind, time, a);
  }

  private keep(bucket: Announcement['kind'] | 'applied', t: number, a: Announcement): void {
    const list = this.found[bucket];
    list.push({ t, a });
    // Bounded as it goes (files are read in any order): the earliest is dropped.
    if (list.length > 2 * MAX_ANNOUNCEMENTS) list.splice(0, list.length, ...list.sort((x, y) => x.t - y.t).slice(-MAX_ANNOUNCEMENTS));
  }

  result(): Announcement[] {
    const kept = Object.values(this.found).flatMap((list) => list.sort((x, y) => x.t - y.t).slice(-MAX_ANNOUNCEMENTS));
    return kept.sort((x, y) => x.t - y.t).map((x) => x.a);
  }
}

// Quoted identifiers, file names of migrations and the words after INDEX/TABLE/COLUMN: what a commit would spell too.
const QUOTED = /["'`]([\w.$:-]{4,120})["'`]/g;
const MIGRATION_FILE = /\b([\w.-]{4,120}\.(?:js|ts|py|rb|sql|go|java|xml|ya?ml))\b/g;
const DDL_OBJECT = /\b(?:INDEX|TABLE|COLUMN)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?["'`]?([\w.$-]{4,120})/gi;

/** The objects a schema change's line and fields name (at most 8), longest first. */
export function schemaObjects(line: string, fields: Record<string, unknown> | null | undefined): string[] {
  const found = new Set<string>();
  const scan = (text: string) => {
    for (const re of [QUOTED, MIGRATION_FILE, DDL_OBJECT]) for (const m of text.matchAll(re)) found.add(m[1]!);
  };
  scan(line);
  // Structured logs nest them (mongod's attr.indexes): walked a few levels down, strings only.
  const walk = (key: string, v: unknown, depth: number) => {
    if (typeof v === 'string') {
      if (v.length > 400) return;
      // A field that is itself the object (an index, a table, a migration) counts whole, quoted or not.
      if (/^(?:index(?:es)?|table|collection|migration|name|version)$/i.test(key.split('.').pop() ?? '')) found.add(v.replace(/^["'`]|["'`]$/g, ''));
      scan(v);
    } else if (v && typeof v === 'object' && depth < 3) {
      for (const [k, w] of Object.entries(v)) walk(k, w, depth + 1);
    }
  };
  for (const [key, v] of Object.entries(fields ?? {})) walk(key, v, 0);
  return [...found].filter((o) => o.length >= 4 && !/^\d+$/.test(o)).sort((a, b) => b.length - a.length).slice(0, 8);
}
