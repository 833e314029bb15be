// The one interface every offline analyzer implements (k8sgpt's pattern): pure, evidence in,
// findings out. Findings carry grounded evidence and, by kind, what the ranking needs to decide.
import type { Category } from '../core/report.js';
import type { BuiltinServer } from '../core/sources.js';
import type { EvidenceBundle } from './bundle.js';
import type { AnalysisContext } from './context.js';
import type { EvidenceRef } from './quote.js';
import type { StartedLookups } from './dns-lookups.js';
import type { EvictionStep } from './eviction-step.js';
import type { SettingSeriesStep } from './setting-series.js';
import type { WeightShift } from './traffic-shift.js';
import type { QueueRoute } from './queue-route.js';
import type { KeyspaceWalk } from './keyspace-scans.js';
import type { Issuance } from './acme-orders.js';

export interface TimelineItem {
  time: string;
  source: BuiltinServer;
  event: string;
}

/** A numeric setting a diff changed in one file (`maxReplicas: 20` -> `maxReplicas: 6` in deploy/web/hpa.yaml). */
export interface ChangedSetting {
  /** The file, or null when the diff names none. */
  path: string | null;
  key: string;
  from: string;
  to: string;
  /** The added line as the diff has it, for a quote. */
  line: string;
}

export interface SuspectChange {
  sha: string;
  ref: string | null;
  message: string;
  author: string;
  time: string;
}

/** The conditions an analyzer can establish; each maps to a report category. */
export type Condition =
  | 'saturation'
  | 'oom'
  | 'disk_full'
  | 'dependency'
  | 'capacity'
  | 'cert_auth'
  | 'crash_loop'
  /** A node's clock off by seconds while tokens or certificates are refused as not yet valid. */
  | 'clock_skew'
  /** A replicated store changed its primary (or its node was drained for a reboot) just before its clients failed. */
  | 'failover'
  /** A cache node restarted empty (uptime reset, items to almost none) just before its clients' reads fell to the store. */
  | 'cache_emptied'
  /** An HTTP cache's hit ratio collapsed with flat client traffic: what it served now loads the origin behind it. */
  | 'cache_bypassed'
  /** A node's connection-tracking table full: the kernel drops new connections of every pod on it. */
  | 'conntrack_full'
  /** A NAT gateway out of source ports: outbound connections through it fail, whatever remote host they go to. */
  | 'nat_ports'
  /** A remote system throttles the caller (S3 SlowDown, 429 Too Many Requests): the caller's rate or request pattern. */
  | 'throttled'
  /** A heavy operation run by hand on a data store (a mutation, VACUUM FULL) shortly before the store refused work. */
  | 'store_operation'
  /** A data store out of room to write (transaction log full, disk past its flood-stage watermark): it refuses writes. */
  | 'store_full'
  /** A burstable instance spent its CPU or I/O credits: the provider holds it at its baseline from then on. */
  | 'credits_exhausted'
  /** A process's open-file limit lowered under it (a node image's runtime default) while it fails with EMFILE. */
  | 'fd_limit_lowered'
  /** A process paused until its coordination session (ZooKeeper, etcd) expired, and it aborted itself. */
  | 'session_expired'
  /** A database's statements in progress stepped up as its clients' pools ran out: statements it does not finish hold them. */
  | 'statements_held'
  /** A queue stopped draining as its consumer's log fell silent: the consumer stopped taking messages. */
  | 'consumer_stalled'
  /** A broker reported a client falling behind what it sends it (slow consumer), new at the onset: the client's handler is slow. */
  | 'consumer_slow'
  /** An app's first outbound connections fail before its pod's mesh sidecar is ready, new at the onset: a start race. */
  | 'sidecar_race'
  /** A workload's autoscaler swinging its replicas up and down within minutes: each swing down cuts requests in flight. */
  | 'autoscaler_flapping'
  /** Infrastructure as code destroyed a resource (a replacement's first half) just before its users failed. */
  | 'resource_destroyed'
  /** An ACME issuer refused a service's certificate orders for its rate limit: its instances without one cannot serve TLS. */
  | 'issuance_limited'
  /** A forward proxy denies one destination from the onset on while it still passes the rest: its rules changed. */
  | 'proxy_denied'
  /** A proxy keeps connecting to addresses its upstream's name no longer has, while other clients follow the name. */
  | 'stale_resolution'
  /** A service whose own signals departed from their baseline (the localizer's candidates). */
  | 'anomaly';

interface FindingBase {
  analyzer: string;
  summary: string;
  /** 0..1: how strongly the evidence supports this finding. */
  confidence: number;
  evidence: EvidenceRef[];
  timeline: TimelineItem[];
}

/** Why a change's tie to the errors is only a shared word (word-tie.ts): whose change it is, whose errors, the words. */
export interface WordOnlyTie {
  owner: string;
  failing: string[];
  words: string[];
}

export type Finding = FindingBase &
  (
    | { kind: 'onset'; onset: string }
    | { kind: 'new_errors'; service: string | null; templates: string[] }
    | {
        kind: 'change';
        change: SuspectChange;
        /** 0..1 overlap between the incident's errors and the change's message, paths and diff. */
        relevance: number;
        /** 0..1 closeness of its release to the onset. */
        timing: number;
        matched: string[];
        /** The files it changed. */
        paths: string[];
        /** Other systems the errors name that its changed lines name too (a new host, a changed URL). */
        mentions: string[];
        /** New values of settings it changed that the errors quote ("pool_size: 10" and "limit of size 10"). */
        valueHits: string[];
        /** 0..1 closeness of its release to the start of a memory climb or disk drain (0 when there is none). */
        growthTiming: number;
        /** Words of its changed lines that keep memory or write to disk (cache, buffer, debug logging...). */
        retention: string[];
        /** Its changed lines or files touch certificates, trust stores, keys, tokens or passwords. */
        security: boolean;
        /** Why it cannot have changed behaviour (only docs, tests or comments), or null. */
        inert: string | null;
        /** Only configuration files changed. */
        configOnly: boolean;
        /** Hints from the diff itself: a limit lowered, a value removed... */
        hints: string[];
        /** The numeric settings it changed, file by file (a repository's one commit may set several services' limits). */
        settings: ChangedSetting[];
        /** Settings its added lines introduce with no earlier value (`+linger.ms: 1000`), file by file; `from` is ''. */
        added?: ChangedSetting[];
        /** The restart or reload line the component its release names logged as it went live (release-restart.ts). */
        restarted?: string | null;
        /** The runtime it changed (a base image), confirmed by the service's runtime-version series switching (runtime-upgrade.ts). */
        runtime?: string | null;
        /** Its release stepped its service's concurrency setting series to several times the CPU limit (concurrency-step.ts); names: its message or diff speaks of that setting. */
        concurrency?: { service: string; step: string; names: boolean };
        /** Its added lines stop reusing connections (keep-alive off): a new connection, and a TIME_WAIT socket, per call. */
        churn?: boolean;
        /** The storm of lookups at the DNS server for a host its added lines name, begun as it went live (dns-lookups.ts). */
        lookups?: StartedLookups;
        /** It blocked a certificate's renewal: the renewal fell due after it and failed since (renewal-blocker.ts). */
        blocksRenewal?: { due: string; service: string | null; failure: string };
        /** The object (its name) whose setting, changed by this commit, an operator logged acting on (synced-commits.ts). */
        actsOn?: string;
        /** Its added lines turn upstream connection reuse on (keep-alive pools): the keep-alive race (keepalive-race.ts). */
        reuse?: boolean;
        /** Its added lines set an inbound access policy of a mesh, read at pod start (policy-restart.ts). */
        admits?: boolean;
        /** The added line by which it made a proxy resolve its upstream's name once (resolve-once.ts, stale-resolution-rank.ts). */
        pinsResolution?: string;
        /** Its added lines turn Java virtual threads on: a carrier pinned under a monitor then stalls them (pinned-carrier-rank.ts). */
        virtualThreads?: boolean;
        /** Host names and domains its changed lines write (an allowlist's `.example.com`): proxy-denial-rank.ts. */
        domains?: string[];
        /** A command its added lines send that walks a store's whole keyspace (Redis KEYS), and the slow log that grew after (keyspace-scans.ts). */
        walksKeyspace?: KeyspaceWalk;
        /** An added line that blocks the thread it runs on (a sync driver in an async handler): a consumer falls behind (slow-consumer-rank.ts). */
        blocks?: string;
        /** A changed line touching an ACME client's certificate storage or instance count (acme-orders.ts): how many certificates it orders. */
        issuance?: Issuance;
        /** A changed line that changes how a mesh's sidecar is injected or starts (a revision label, the hold setting): sidecar-race-rank.ts. */
        mesh?: { line: string; scope: string[] };
        /** The tables its added statements write (INSERT, UPDATE, DELETE): a store's complaint about one names it (tombstone-rank.ts). */
        writes?: string[];
        /** The worker-process count its added lines raised (each worker holds its own copy of the app: worker-memory-rank.ts). */
        workers?: { from: number; to: number; line: string };
        /** The queue its added lines moved a kind of job into (queue-route.ts): that queue's workers now take them too. */
        routes?: QueueRoute;
        /** The broker redelivery timeout it set, equal to the gap after which the logs show messages handed out again. */
        redelivers?: ChangedSetting & { period_ms: number; count: number; service: string | null };
        /** It changed a store's eviction policy or memory cap, and the store's evictions stepped up as it went live (eviction-step.ts). */
        evicts?: EvictionStep;
        /** A setting it changed stepped in that system's own series of it after it went live (setting-series.ts): the cause is in that system. */
        setIn?: SettingSeriesStep;
        /** The backends whose weight in a traffic split it raised (traffic-shift.ts). */
        shifts?: WeightShift[];
        /** Its only tie to the errors is one word, and it is another service's change with no relation to theirs (word-tie.ts). */
        wordOnly?: WordOnlyTie;
      }
    | { kind: 'ruled_out'; what: string; reason: string }
    | {
        /** A runtime change a service announced in its log (a flag switched, configuration reloaded) just before the onset. */
        kind: 'runtime_change';
        service: string | null;
        time: string;
        change: 'flag' | 'config' | 'schema' | 'lifecycle' | 'audit' | 'credential';
        text: string;
        /** Of a control-plane audit record: how its resource is tied to the failure (named in it, or a certificate). */
        link?: 'named' | 'certificate';
        /** Of a control-plane audit record: who made the call. */
        actor?: string;
        /** Of a schema change: the commit whose diff or files name what it changed (a migration), when one does. */
        commit?: string;
        /** Of a credential lifecycle event (credential-lifecycle.ts): which kind of credential ended or was replaced. */
        credential?: 'lease' | 'signing_key' | 'secret' | 'access_key';
        /** Of a credential lifecycle event: the change that made it (an apply) or left it unrenewed, when one is found. */
        by?: SuspectChange;
      }
    | {
        kind: 'condition';
        condition: Condition;
        category: Category;
        service: string | null;
        recommendation: string;
        /** Every system the evidence names for it (a dependency's host names, aliases). */
        names?: string[];
        /** The failures are name-resolution or connection failures naming the system (NXDOMAIN, refused, reset). */
        connectivity?: boolean;
        /** A certificate was refused (expired, not yet valid, untrusted) rather than a credential. */
        certificate?: boolean;
        /** For a resource limit: its usage climbed (or errors about it began) before the onset. */
        leads?: boolean;
        /** For load put on a shared server: that server (a database whose slow log names this client). */
        loads?: string;
        /** For statements held in a database: the clients whose connection pools ran out waiting on it. */
        holds?: string[];
        /** For a start race with a mesh sidecar: the pods' namespace, when the proxy's start line names it. */
        namespace?: string;
        /** For a workload held at its autoscaler's maximum: that maximum (the replicas it sat at). */
        ceiling?: number;
        /** For an autoscaler flapping: when its first reversal of direction came (ms) and how many it made. */
        flapping?: { since: number; reversals: number };
        /** For a resource limit seen in a series: that series' metric (which resource it is). */
        metric?: string;
        /** For a resource infrastructure as code destroyed: the commit whose diff declares that resource, when one does. */
        destroyedBy?: string;
        /** For a cache's hit ratio collapse: the last sample of its bypass counter at its usual level and the first above (ms). */
        bypassed?: { lastUsual: number; firstRisen: number };
        /** For a series that jumped at the onset and stayed up: its median level before and after (in the series' unit). */
        step?: { from: number; to: number };
        /** For a localizer candidate: its own handling time rose with its outbound calls' time, so it waits on a callee. */
        waits?: boolean;
        /**
         * For a localizer candidate placed above a service that waits on it: that service. A store placed above a service
         * whose own handling waits on it (waited-on.ts), or a weak place placed above a caller ranked only for waiting on
         * its calls (waited-callees.ts).
         */
        waitedBy?: string;
      }
  );

export interface Analyzer {
  name: string;
  description: string;
  analyze(bundle: EvidenceBundle, ctx: AnalysisContext): Finding[];
}
