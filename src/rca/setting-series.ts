// A setting a change touched, confirmed where it took effect: the system's own series of that setting (postgres_exporter's
// pg_settings_max_connections, mysqld_exporter's mysql_global_variables_max_connections) stepped after the change went live.
import type { EvidenceBundle } from './bundle.js';
import { serviceFromLabels } from '../core/series-labels.js';
import { seriesName } from './series.js';
import { normalizeService } from './service-names.js';

const MIN = 60_000;
/** How long after a change went live its setting may take effect: a pending-reboot parameter waits for the reboot. */
const EFFECT_MS = 90 * MIN;
/** A setting's name as configuration spells it: lower-case words joined by underscores (`max_connections`, `work_mem`). */
const SETTING_NAME = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;

export interface SettingSeriesStep {
  /** The system whose own series of the setting moved. */
  service: string;
  key: string;
  series: string;
  from: number;
  to: number;
  /** When the new value first reported. */
  time: number;
  call: string;
}

/** The setting names on a diff's changed lines (added or removed: a setting dropped falls back to its default). */
export function changedSettingNames(diff: string): Set<string> {
  const out = new Set<string>();
  for (const line of diff.split('\n')) {
    if (!/^[+-]/.test(line) || line.startsWith('+++') || line.startsWith('---')) continue;
    for (const m of line.toLowerCase().matchAll(SETTING_NAME)) if (m[0].length >= 6) out.add(m[0]);
  }
  return out;
}

/**
 * A series named for a setting on the diff's changed lines (its family ends with `_<setting>`), of a known service, that
 * held one value up to `liveAt` and reported another within EFFECT_MS after it and still does: that service is where
 * the change took effect. A series that never moved, or moved before the change, says nothing about it.
 */
export function settingSeriesStep(bundle: EvidenceBundle, diff: string, liveAt: number, services: ReadonlySet<string>): SettingSeriesStep | null {
  const keys = changedSettingNames(diff);
  if (keys.size === 0) return null;
  for (const c of bundle.series) {
    for (const s of c.data) {
      const family = s.metric.toLowerCase();
      const key = [...keys].find((k) => family.endsWith(`_${k}`));
      const raw = serviceFromLabels(s.labels) ?? s.labels.instance?.replace(/:\d+$/, '') ?? null;
      if (!key || raw === null || !services.has(normalizeService(raw))) continue;
      const pts = s.points.filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
      const before = pts.filter(([t]) => t <= liveAt).map(([, v]) => v);
      if (before.length < 2 || before.some((v) => v !== before[0])) continue;
      const step = pts.find(([t, v]) => t > liveAt && t <= liveAt + EFFECT_MS && v !== before[0]);
      const last = pts[pts.length - 1]!;
      if (!step || last[1] === before[0]) continue;
      return { service: normalizeService(raw), key, series: seriesName(s), from: before[0]!, to: step[1], time: step[0], call: c.call_id };
    }
  }
  return null;
}

/** How a step reads in evidence: `pg_settings_max_connections{…} went from 3000 to 1705 at … after it went live`. */
export const describeSettingStep = (s: SettingSeriesStep): string =>
  `${s.series} went from ${s.from} to ${s.to} at ${new Date(s.time).toISOString()}, after it went live: ${s.key} took effect in ${s.service}`;
