// The learning loop's numbers for `runbook stats`: approval rate, candidates per week, success rate per
// version, the queue by status and priority, and the alerts (too many pending, low approval, stale
// high-priority items, a newer version doing worse than its parent). Pure over what the store returns.
import { candidatesPerWeek, queueByStatus, reviewCounts, successRates, versionLabel, versionParents, type Db, type QueueCell, type ReviewCounts } from '../store/index.js';

export const PENDING_LIMIT = 10;
export const MIN_APPROVAL_RATE = 0.5;
export const STALE_HIGH_MS = 24 * 3600 * 1000;

export interface VersionStat {
  runbook_id: string;
  version: number;
  label: string;
  status: string;
  parent_version: number | null;
  total: number;
  successes: number;
  failures: number;
  success_rate: number | null;
}

export interface Alert {
  code: 'too_many_pending' | 'low_approval_rate' | 'stale_high_priority' | 'version_regression';
  message: string;
}

export interface LearnStats {
  generated_at: string;
  approval: ReviewCounts & { approval_rate: number | null };
  improvements_per_week: Array<{ week: string; count: number }>;
  versions: VersionStat[];
  queue: QueueCell[];
  alerts: Alert[];
}

const pct = (r: number) => `${Math.round(r * 100)} %`;

export function alertsFor(s: Omit<LearnStats, 'alerts' | 'generated_at'>, now: Date): Alert[] {
  const out: Alert[] = [];
  if (s.approval.pending > PENDING_LIMIT) out.push({ code: 'too_many_pending', message: `${s.approval.pending} candidates wait for review (more than ${PENDING_LIMIT}): run \`runbook review\`` });
  const rate = s.approval.approval_rate;
  if (rate !== null && rate < MIN_APPROVAL_RATE) {
    out.push({ code: 'low_approval_rate', message: `approval rate ${pct(rate)} is under ${pct(MIN_APPROVAL_RATE)}: the proposals need a look (${s.approval.rejected} rejected)` });
  }
  for (const c of s.queue) {
    if (c.status !== 'pending_review' || c.priority !== 'high') continue;
    const age = now.getTime() - Date.parse(c.oldest);
    if (age > STALE_HIGH_MS) out.push({ code: 'stale_high_priority', message: `a high-priority candidate has waited ${Math.floor(age / 3600_000)} h (since ${c.oldest}); ${c.count} high-priority pending` });
  }
  for (const v of s.versions) {
    if (v.parent_version === null || v.success_rate === null) continue;
    const parent = s.versions.find((p) => p.runbook_id === v.runbook_id && p.version === v.parent_version);
    if (parent?.success_rate == null || v.success_rate >= parent.success_rate) continue;
    out.push({
      code: 'version_regression',
      message: `${v.label} succeeds ${pct(v.success_rate)} of ${v.total} runs, less than its parent v${parent.version} (${pct(parent.success_rate)} of ${parent.total})`,
    });
  }
  return out;
}

/** `only.runbookId` limits the versions (and their regression alerts) to one runbook, read through the index alone. */
export function learnStats(db: Db, now = new Date(), weeks = 8, only: { runbookId?: string } = {}): LearnStats {
  const counts = reviewCounts(db);
  const decided = counts.approved + counts.rejected;
  const rates = new Map(successRates(db, only.runbookId).map((r) => [`${r.runbook_id}\u0000${r.runbook_version}`, r]));
  const versions: VersionStat[] = versionParents(db, only.runbookId).map((v) => {
    const r = rates.get(`${v.runbook_id}\u0000${v.version}`);
    return {
      runbook_id: v.runbook_id, version: v.version, label: versionLabel(v.runbook_id, v.version), status: v.status, parent_version: v.parent_version,
      total: r?.total ?? 0, successes: r?.successes ?? 0, failures: r?.failures ?? 0, success_rate: r?.success_rate ?? null,
    };
  });
  const since = new Date(now.getTime() - weeks * 7 * 24 * 3600 * 1000).toISOString();
  const base = {
    approval: { ...counts, approval_rate: decided ? counts.approved / decided : null },
    improvements_per_week: candidatesPerWeek(db, since),
    versions,
    queue: queueByStatus(db),
  };
  return { generated_at: now.toISOString(), ...base, alerts: alertsFor(base, now) };
}
