// Runs of a scheduled job that began to overlap: a CronJob whose active jobs rose above one (concurrencyPolicy Allow
// lets a run start while the last still works), each run holding its own workers' connections on whatever they share.
import type { EvidenceBundle } from './bundle.js';

/** The CronJob series that shows it, when two of its runs first ran at once, and the CronJob. */
export interface OverlappingRuns {
  series: string;
  start: number;
  owner: string;
}

// kube-state-metrics' kube_cronjob_status_active and its likes: how many of a CronJob's jobs run at once.
const CRONJOB_ACTIVE = /cron_?job.*active|active.*cron_?job/i;
/** Labels that name the CronJob on such a series. */
const CRONJOB_LABELS = ['cronjob', 'cron_job', 'cronjob_name', 'name'] as const;

/**
 * The first time, by shortly after the onset, that a CronJob ran two or more jobs at once when it never did in the
 * first third of the window: its runs now overlap. The growth's owner is the CronJob (what a change must be about).
 */
export function overlappingRuns(bundle: EvidenceBundle, until: number): OverlappingRuns | null {
  for (const c of bundle.series) {
    for (const s of c.data) {
      if (!CRONJOB_ACTIVE.test(s.metric)) continue;
      const pts = s.points.filter(([t]) => t <= until);
      if (pts.length < 8) continue;
      const early = pts.slice(0, Math.ceil(pts.length / 3));
      if (Math.max(...early.map((p) => p[1])) > 1) continue;
      const first = pts.find(([, v]) => v >= 2);
      const owner = CRONJOB_LABELS.map((k) => s.labels[k]).find((v): v is string => !!v && /^[a-z0-9][a-z0-9.-]*$/i.test(v));
      if (!first || !owner) continue;
      const name = `${s.metric}{${Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
      return { series: name, start: first[0], owner: owner.toLowerCase() };
    }
  }
  return null;
}

/** A change is about the CronJob when a folder or file of it is named like it (`jobs/ledger-reconcile/cronjob.yaml`). */
export function aboutOwner(paths: string[], owner: string): boolean {
  return paths.some((p) => p.toLowerCase().split('/').some((seg) => seg === owner || seg.replace(/\.(ya?ml|json)$/, '') === owner));
}
