// request_flows' own requests: where entries carry no trace id, each log's entries of one service cut into bursts at
// its pauses (one request's statements each), per minute how many bursts began and how many held an error entry.

const MIN = 60_000;
/**
 * A pause this many times the writer's median gap between consecutive entries ends a burst: one request's statements
 * are written back to back (the median gap, when a request logs more than one), the next request comes after the
 * caller's think time or another request's arrival, usually orders of magnitude later.
 */
const PAUSE = 10;
/** Bounds memory on huge untraced logs: entries beyond this many (all writers together) are not kept. */
const MAX_ENTRIES = 2_000_000;
/** The mark of an entry that names its code, below a clock tick so it never moves a time. */
const NAMED = 0.25;

export interface OwnRequestsOut {
  service: string;
  /** Per statement minute: bursts of the service's own entries that began in it, and those holding an error entry. */
  requests: number[];
  failed: number[];
}

/**
 * Without trace ids a service's failing share cannot be read per request, but one service writes a request's
 * statements in a burst: a burst is a request's own part, and one that holds an error entry is a request the service
 * failed in its own code. Overlapping requests merge into one burst and only lower the count, never make a service
 * that fails a few of its requests look as if it failed most. Bursts are cut per writer (a log and a service), at a
 * pause long against that writer's own typical gap, so no time of any system is assumed.
 */
export class OwnRequestLog {
  /**
   * Per writer, its entries' times (whole ms) in the log's order, one number each: an entry at error level or worse
   * stored negated, one that names its code a quarter ms later.
   */
  private readonly writers = new Map<string, { service: string; times: number[] }>();
  private kept = 0;

  /** One untraced entry of `log` (a file) in the order that log holds it. */
  add(time: number, log: string, service: string | null, failed: boolean, statement = true): void {
    if (!service || this.kept >= MAX_ENTRIES || !(time > 0)) return;
    const key = `${log}\u0000${service}`;
    let w = this.writers.get(key);
    if (!w) this.writers.set(key, (w = { service, times: [] }));
    const t = Math.floor(time) + (statement ? NAMED : 0);
    w.times.push(failed ? -t : t);
    this.kept++;
  }

  /** Per service, bursts counted over `minutes` (ms minute starts), by the minute each began in. */
  result(minutes: number[]): OwnRequestsOut[] {
    const at = new Map(minutes.map((m, i) => [m, i]));
    const out = new Map<string, OwnRequestsOut>();
    const errors = errorTimes(this.writers);
    for (const w of this.writers.values()) {
      let o = out.get(w.service);
      if (!o) out.set(w.service, (o = { service: w.service, requests: new Array<number>(minutes.length).fill(0), failed: new Array<number>(minutes.length).fill(0) }));
      const times = w.times.map((t) => Math.floor(Math.abs(t)));
      const limit = PAUSE * typicalGap(times);
      let start = 0;
      let failed = false;
      let named = false;
      for (let i = 0; i <= times.length; i++) {
        if (i > 0 && (i === times.length || times[i]! - times[i - 1]! > limit)) {
          const m = at.get(Math.floor(times[start]! / MIN) * MIN);
          // A burst of lines that name no code (an access log's, a framework's) may be whole requests logged by what
          // serves them, not the service's own code path: it is not counted (as own-sequences.ts leaves such lines out).
          if (m !== undefined && named) {
            o.requests[m]!++;
            // A burst that failed while another service logged an error during it (or just before its first entry,
            // while the request was on its way in) may be that service's failure passed on: counted as failing only
            // where its own error came first, as the first error of a traced request names where it failed.
            if (failed && !errorElsewhere(errors, w.service, times[start]! - limit, times[i - 1]!)) o.failed[m]!++;
          }
          [start, failed, named] = [i, false, false];
        }
        if (i < times.length && w.times[i]! < 0) failed = true;
        if (i < times.length && Math.abs(w.times[i]!) !== times[i]) named = true;
      }
    }
    return [...out.values()].filter((o) => o.requests.some((n) => n > 0)).sort((a, b) => a.service.localeCompare(b.service));
  }
}

/** Every error entry's time with its service, sorted by time. */
function errorTimes(writers: Map<string, { service: string; times: number[] }>): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const w of writers.values()) for (const t of w.times) if (t < 0) out.push([Math.floor(-t), w.service]);
  return out.sort((a, b) => a[0] - b[0]);
}

/** Whether a service other than `service` logged an error entry between `from` and `to` (inclusive). */
function errorElsewhere(errors: Array<[number, string]>, service: string, from: number, to: number): boolean {
  let [lo, hi] = [0, errors.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (errors[mid]![0] < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < errors.length && errors[i]![0] <= to; i++) if (errors[i]![1] !== service) return true;
  return false;
}

/**
 * The median of a writer's gaps between consecutive entries (backwards steps count as 0), at least its least gap above
 * 0: a request's statements written within the clock's resolution read as 0 apart, and a 0 median would cut at a tick.
 */
function typicalGap(times: number[]): number {
  if (times.length < 2) return 0;
  const gaps = new Float64Array(times.length - 1);
  for (let i = 1; i < times.length; i++) gaps[i - 1] = Math.max(0, times[i]! - times[i - 1]!);
  gaps.sort();
  const tick = gaps.find((g) => g > 0) ?? 0;
  return Math.max(gaps[Math.floor(gaps.length / 2)]!, tick);
}
