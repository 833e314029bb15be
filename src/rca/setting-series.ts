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
/**
 * A setting a runtime reads from its environment, as a manifest or a shell sets it (`- name: GOMEMLIMIT`, `GOGC=50`,
 * `MALLOC_ARENA_MAX: "2"`): upper-case, in the place of a variable's name, not any capitalised word of a changed line.
 */
const ENV_NAME = /(?:\bname:\s*["']?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)["']?\s*$)|(?:\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\s*[=:]\s*["']?[\w.]+)/g;
/** How near the value set a use must come to have reached it: a soft limit is held just under, never crossed for long. */
const REACH = 0.95;
/** A series that is itself a cap or setting (`_limit_`, `_max_`, `_quota_`), not a use of one. */
const CAP_WORDS = /(^|_)(limit|max|quota|capacity|target|goal)(_|$)/;
/** A base unit Prometheus' naming puts after what a series measures (`go_gc_gomemlimit_bytes`, `go_sched_gomaxprocs_threads`). */
const UNIT = /^_(bytes|seconds|ratio|threads)$/;

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
  /** A series of the same system in the setting's unit that later rose to the value it set (limitReached). */
  reached?: SettingReached;
}

export interface SettingReached {
  series: string;
  /** Its value when it first came within REACH of the setting. */
  value: number;
  time: number;
}

/** The setting names on a diff's changed lines (added or removed: a setting dropped falls back to its default). */
export function changedSettingNames(diff: string): Set<string> {
  const out = new Set<string>();
  for (const line of diff.split('\n')) {
    if (!/^[+-]/.test(line) || line.startsWith('+++') || line.startsWith('---')) continue;
    for (const m of line.toLowerCase().matchAll(SETTING_NAME)) if (m[0].length >= 6) out.add(m[0]);
    for (const m of line.slice(1).matchAll(ENV_NAME)) {
      const name = (m[1] ?? m[2])!;
      if (name.length >= 6) out.add(name.toLowerCase());
    }
  }
  return out;
}

/** The setting as the diff spells it (GOMEMLIMIT, not the lower-case name matched against series): reports quote what was written. */
function spelledAs(diff: string, key: string): string {
  const at = diff.toLowerCase().indexOf(key);
  const written = at >= 0 ? diff.slice(at, at + key.length) : key;
  return written.toLowerCase() === key ? written : key;
}

/** The family ends with `_<setting>`, or with `_<setting>_<unit>`: the series reports that setting's value. */
export function namesSetting(family: string, key: string): boolean {
  const at = family.lastIndexOf(`_${key}`);
  return at > 0 && (at + key.length + 1 === family.length || UNIT.test(family.slice(at + key.length + 1)));
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
      const key = [...keys].find((k) => namesSetting(family, k));
      const raw = serviceFromLabels(s.labels) ?? s.labels.instance?.replace(/:\d+$/, '') ?? null;
      if (!key || raw === null || !services.has(normalizeService(raw))) continue;
      const pts = s.points.filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
      // A value reported the instant the change went live is already the new one (the rollout's first scrape).
      const before = pts.filter(([t]) => t < liveAt).map(([, v]) => v);
      if (before.length < 2 || before.some((v) => v !== before[0])) continue;
      const step = pts.find(([t, v]) => t >= liveAt && t <= liveAt + EFFECT_MS && v !== before[0]);
      const last = pts[pts.length - 1]!;
      if (!step || last[1] === before[0]) continue;
      const service = normalizeService(raw);
      const unit = UNIT.exec(family.slice(family.lastIndexOf(`_${key}`) + key.length + 1))?.[1] ?? null;
      const reached = unit ? limitReached(bundle, service, family, unit, step[1], step[0]) : null;
      return { service, key: spelledAs(diff, key), series: seriesName(s), from: before[0]!, to: step[1], time: step[0], call: c.call_id, ...(reached ? { reached } : {}) };
    }
  }
  return null;
}

/**
 * A series of `service` in the setting's unit (not another setting or limit) that was below REACH of the value set
 * when it took effect and later rose to it: the use the setting caps reached the cap. Go's soft memory limit is the
 * case in point (the runtime's GC guide): once the live heap nears GOMEMLIMIT the collector runs back to back and
 * takes the CPU, so a limit set under what the service keeps live bites when its heap grows into it, not when it is set.
 */
export function limitReached(bundle: EvidenceBundle, service: string, family: string, unit: string, limit: number, from: number): SettingReached | null {
  let best: SettingReached | null = null;
  for (const c of bundle.series) {
    for (const s of c.data) {
      const name = s.metric.toLowerCase();
      if (name === family || !name.endsWith(`_${unit}`) || CAP_WORDS.test(name)) continue;
      const raw = serviceFromLabels(s.labels) ?? s.labels.instance?.replace(/:\d+$/, '') ?? null;
      if (raw === null || normalizeService(raw) !== service) continue;
      const after = s.points.filter(([t, v]) => t >= from && Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
      if (after.length < 2 || after[0]![1] >= REACH * limit) continue;
      const hit = after.find(([, v]) => v >= REACH * limit && v <= limit / REACH);
      if (hit && (!best || hit[0] < best.time)) best = { series: seriesName(s), value: hit[1], time: hit[0] };
    }
  }
  return best;
}

/** How a step reads in evidence: `pg_settings_max_connections{…} went from 3000 to 1705 at … after it went live`. */
export const describeSettingStep = (s: SettingSeriesStep): string =>
  `${s.series} went from ${s.from} to ${s.to} at ${new Date(s.time).toISOString()}, after it went live: ${s.key} took effect in ${s.service}` +
  (s.reached ? `; ${s.reached.series} rose to ${s.reached.value} at ${new Date(s.reached.time).toISOString()}, ${Math.round((100 * s.reached.value) / s.to)}% of it` : '');
