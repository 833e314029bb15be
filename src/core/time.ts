// Time specs shared by every tool and command: ISO-8601 instants or relative spans ("30m", "1h30m", "30m ago",
// "now-2h"). Relative specs count back from a reference instant, so replaying old data works with a fixed "now".

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

// One or more number+unit parts, largest first as people write them ("1h30m", "2d12h", "1m30s").
const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Parses a duration such as "15s", "30m", "2h", "1h30m", "1d" into milliseconds, or returns null. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (!DURATION_RE.test(t)) return null;
  let ms = 0;
  for (const m of t.matchAll(PART_RE)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms;
}

/**
 * How far before "now" a relative instant lies: "30m", "30m ago", "now-2h" (spaces allowed), "now" = 0;
 * null when the text is not relative.
 */
export function parseAgo(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'now') return 0;
  const m = /^(?:now\s*-\s*(\S+)|(\S+)(?:\s+ago)?)$/.exec(t);
  const span = m ? (m[1] ?? m[2])! : null;
  return span === null ? null : parseDuration(span);
}

/** Parses an ISO-8601 instant; a date-time without a zone is read as UTC (log files rarely say). */
export function parseIsoInstant(text: string): number | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(t);
  const normalized = t.length === 10 ? `${t}T00:00:00Z` : hasZone ? t : `${t.replace(' ', 'T')}Z`;
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? null : ms;
}

export class TimeSpecError extends Error {
  constructor(public readonly spec: string, what: string) {
    super(
      `invalid ${what} "${spec}": use an ISO-8601 time (2025-03-04T10:15:00Z) or a relative time such as 30m, 1h30m, "30m ago", now-2h`,
    );
    this.name = 'TimeSpecError';
  }
}

/** Resolves an ISO instant or a relative time ("2h", "2h ago", "now-2h" = two hours before `reference`). */
export function resolveTimeSpec(spec: string, reference: number, what = 'time'): number {
  const iso = parseIsoInstant(spec);
  if (iso !== null) return iso;
  const ago = parseAgo(spec);
  if (ago !== null) return reference - ago;
  if (/^\d{10}(\.\d+)?$/.test(spec.trim())) return Math.round(Number(spec) * 1000); // unix seconds
  throw new TimeSpecError(spec, what);
}

export interface TimeWindow {
  from: number | null;
  to: number | null;
}

/** Resolves optional since/until into a window; relative `since` counts back from `until` when given. */
export function resolveWindow(
  since: string | undefined,
  until: string | undefined,
  now: number,
): TimeWindow {
  const to = until ? resolveTimeSpec(until, now, 'until') : null;
  const from = since ? resolveTimeSpec(since, to ?? now, 'since') : null;
  if (from !== null && to !== null && from > to) {
    throw new TimeSpecError(`${since}..${until}`, 'window (since is after until)');
  }
  return { from, to };
}

export function inWindow(t: number, w: TimeWindow): boolean {
  return (w.from === null || t >= w.from) && (w.to === null || t <= w.to);
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
