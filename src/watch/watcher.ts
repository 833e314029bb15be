// The rca watch loop: files alerts from the intake and the pollers into the store's queue, runs queued
// incidents through the investigation session (at most N at once), then notifies and, where allowed, heals.
import type { Report } from '../core/report.js';
import type { Runbook } from '../runbook/schema.js';
import {
  autoRunsSince, claimNextIncident, finishIncident, getWatchIncident, queueDelivery, recordAlerts, recordAutoRun, requeueInterrupted,
  type Db, type WatchIncident,
} from '../store/index.js';
import type { IncomingAlert } from './alert.js';
import { decideAutoHeal } from './auto-heal.js';
import { sendDueDeliveries, type Post } from './deliver.js';
import { oneLine, type Finished } from './notify.js';

export interface InvestigationOutcome {
  investigationId: string;
  report: Report;
  runbook: { id: string; title: string } | null;
}

export interface Poller {
  name: string;
  poll(): Promise<IncomingAlert[]>;
}

export interface WatchDeps {
  db: Db;
  investigate(incident: WatchIncident): Promise<InvestigationOutcome>;
  /** The stored active version of a runbook, parsed; null when none was approved or adopted. */
  activeRunbook(id: string): { version: number; runbook: Runbook } | null;
  /** Runs a runbook as an ordinary recorded execution (runbook exec --yes); resolves its exit code. */
  runRunbook(id: string, incident: WatchIncident, investigationId: string): Promise<number>;
  /** Looks up a stored investigation's report for a notification. */
  storedReport(investigationId: string): Report | null;
  pollers: Poller[];
  webhooks: Array<{ url: string; kind: 'json' | 'slack' }>;
  /** Progress and problems (stderr). */
  log(line: string): void;
  /** One line per stored investigation (stdout). */
  print(line: string): void;
  post?: Post;
}

export interface WatchOptions {
  concurrency: number;
  groupWindowMs: number;
  autoHeal: boolean;
  deliveryBaseDelayMs?: number;
}

export class Watcher {
  private running = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deps: WatchDeps,
    private readonly opts: WatchOptions,
  ) {
    const n = requeueInterrupted(deps.db);
    if (n > 0) deps.log(`resumed ${n} incident(s) interrupted by the last stop`);
  }

  /** Files alerts durably; returns the incidents they went to and how many are new. Starts work if idle. */
  file(alerts: IncomingAlert[]): { incidents: string[]; created: number } {
    const filed = recordAlerts(this.deps.db, alerts, { groupWindowMs: this.opts.groupWindowMs });
    filed.outcomes.forEach((r, i) => {
      if (r.created) this.deps.log(`queued ${r.incidentId}: ${alerts[i]!.title}`);
      if (r.closed) this.deps.log(`resolved ${r.incidentId}: ${alerts[i]!.title}`);
    });
    if (filed.created > 0) this.pump();
    return { incidents: filed.incidents, created: filed.created };
  }

  /** One polling round over every source; a failing source is reported and the others still run. */
  async pollOnce(): Promise<void> {
    for (const p of this.deps.pollers) {
      try {
        const alerts = await p.poll();
        if (alerts.length) this.file(alerts);
      } catch (err) {
        this.deps.log(`poll ${p.name} failed: ${(err as Error).message}`);
      }
    }
  }

  /** Starts queued investigations up to the concurrency limit. */
  pump(): void {
    while (!this.stopped && this.running < this.opts.concurrency) {
      const incident = claimNextIncident(this.deps.db);
      if (!incident) return;
      this.running++;
      const job = this.process(incident).finally(() => {
        this.running--;
        this.inFlight.delete(job);
        this.pump();
      });
      this.inFlight.add(job);
    }
  }

  /** Waits until the queue is empty and nothing runs (for --once and tests). */
  async drain(): Promise<void> {
    this.pump();
    while (this.inFlight.size > 0) {
      await Promise.race(this.inFlight);
      this.pump();
    }
  }

  async deliver(): Promise<void> {
    const r = await sendDueDeliveries(this.deps.db, (id) => this.finishedFor(id), { post: this.deps.post, baseDelayMs: this.opts.deliveryBaseDelayMs });
    if (r.failed) this.deps.log(`${r.failed} webhook delivery attempt(s) failed; retried with backoff (rca watch status)`);
  }

  /** Stops taking new work and waits for running investigations. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
  }

  /** What to notify about an incident, rebuilt from the store so retries survive a restart. */
  private finishedFor(incidentId: string): Finished | null {
    const incident = getWatchIncident(this.deps.db, incidentId);
    if (!incident?.investigation_id) return null;
    const report = this.deps.storedReport(incident.investigation_id);
    if (!report) return null;
    const runbook = incident.runbook_id ? (report.runbooks ?? []).find((r) => r.id === incident.runbook_id) ?? null : null;
    return toFinished(incident, incident.investigation_id, report, runbook ? { id: runbook.id, title: runbook.title } : null);
  }

  private async process(incident: WatchIncident): Promise<void> {
    let outcome: InvestigationOutcome;
    try {
      outcome = await this.deps.investigate(incident);
    } catch (err) {
      const message = (err as Error).message;
      finishIncident(this.deps.db, incident.id, { error: message });
      this.deps.log(`investigation of ${incident.id} failed: ${message}`);
      return;
    }
    finishIncident(this.deps.db, incident.id, { investigationId: outcome.investigationId, runbookId: outcome.runbook?.id ?? null });
    this.deps.print(oneLine(toFinished(incident, outcome.investigationId, outcome.report, outcome.runbook)));
    for (const w of this.deps.webhooks) queueDelivery(this.deps.db, { incidentId: incident.id, target: w.url, kind: w.kind });
    if (outcome.runbook) await this.maybeHeal(incident, outcome.runbook.id, outcome.investigationId);
  }

  private async maybeHeal(incident: WatchIncident, runbookId: string, investigationId: string): Promise<void> {
    const now = new Date();
    const target = incident.service ?? incident.group_key;
    const runs = autoRunsSince(this.deps.db, runbookId, target, new Date(now.getTime() - 3_600_000));
    const decision = decideAutoHeal({
      enabled: this.opts.autoHeal, active: this.deps.activeRunbook(runbookId), trigger: incident.trigger,
      runsLastHour: runs.count, lastRunForTarget: runs.lastForTarget, now,
    });
    if (!decision.run) {
      this.deps.log(`${incident.id}: runbook ${runbookId} not run: ${decision.reason}`);
      return;
    }
    this.deps.log(`${incident.id}: running ${runbookId} v${decision.version} unattended (auto-heal)`);
    // Recorded before the run so two watchers racing on one incident cannot both pass the limit unseen.
    recordAutoRun(this.deps.db, { incidentId: incident.id, runbookId, target, exitCode: null }, now);
    const code = await this.deps.runRunbook(runbookId, incident, investigationId).catch((err: unknown) => {
      this.deps.log(`${incident.id}: ${runbookId} could not start: ${(err as Error).message}`);
      return 1;
    });
    this.deps.log(`${incident.id}: ${runbookId} exited ${code}${code === 0 ? '' : ' (recorded; the learning loop sees it like any failed run)'}`);
  }
}

function toFinished(incident: WatchIncident, investigationId: string, report: Report, runbook: { id: string; title: string } | null): Finished {
  return {
    incidentId: incident.id, investigationId, title: incident.title, service: incident.service,
    trigger: incident.trigger, alertCount: incident.alert_count, report, runbook,
  };
}
