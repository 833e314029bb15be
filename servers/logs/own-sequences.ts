// request_flows' own sequences: where entries carry no trace id, each log's entries of one service in the order it
// wrote them, step to next step, counted per minute (aligned with statement_minutes), so a path inside one service shows.

const MIN = 60_000;
/** Bounds memory on logs whose steps are many: transitions beyond this many distinct pairs are not counted. */
const MAX_PAIRS = 20_000;

export interface OwnSequencesOut {
  steps: Array<{ service: string | null; step: string; failed?: true }>;
  /** `from`/`to` index `steps`; `counts[i]` is for statement_minutes[i] (the minute of the `from` entry). */
  transitions: Array<{ from: number; to: number; counts: number[] }>;
}

/**
 * Without trace ids one request cannot be followed across services, but one service writes a request's statements in
 * order, and while its requests seldom overlap, each entry's next entry in the same log is mostly the same request's
 * next statement. Overlapping requests interleave and only add transitions, so a pair that (nearly) stopped following
 * while the first step goes on is a path that changed, not a mix (the reader tests that, flow-scores.ts).
 */
export class OwnSequenceLog {
  private readonly stepIndex = new Map<string, number>();
  private readonly steps: OwnSequencesOut['steps'] = [];
  private readonly pairs = new Map<string, Map<number, number>>();
  /** Per log and service: the step and time of its last entry. */
  private readonly last = new Map<string, { idx: number; time: number }>();

  /** One untraced entry of `log` (a file) in the order that log holds it. */
  add(time: number, log: string, service: string | null, key: string, step: string, failed: boolean): void {
    const k = `${service ?? ''}\u0000${key}`;
    let idx = this.stepIndex.get(k);
    if (idx === undefined) {
      this.stepIndex.set(k, (idx = this.steps.length));
      this.steps.push({ service, step });
    }
    if (failed) this.steps[idx]!.failed = true;
    const writer = `${log}\u0000${service ?? ''}`;
    const prev = this.last.get(writer);
    this.last.set(writer, { idx, time });
    // A statement again right after itself is as often the next request as one request's loop: no path either way.
    if (prev === undefined || prev.idx === idx) return;
    const pair = `${prev.idx}>${idx}`;
    let perMinute = this.pairs.get(pair);
    if (!perMinute) {
      if (this.pairs.size >= MAX_PAIRS) return;
      this.pairs.set(pair, (perMinute = new Map()));
    }
    const minute = Math.floor(prev.time / MIN) * MIN;
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  }

  /** The transitions counted over `minutes` (ms minute starts), most frequent first, at most `max`; unused steps left out. */
  result(minutes: number[], max: number): OwnSequencesOut {
    const at = new Map(minutes.map((m, i) => [m, i]));
    const counted = [...this.pairs].map(([k, perMinute]) => {
      const counts = new Array<number>(minutes.length).fill(0);
      for (const [m, n] of perMinute) if (at.has(m)) counts[at.get(m)!]! += n;
      return { k, counts, total: counts.reduce((a, b) => a + b, 0) };
    });
    const kept = counted.filter((c) => c.total > 0).sort((a, b) => b.total - a.total || a.k.localeCompare(b.k)).slice(0, max);
    const used = new Map<number, number>();
    const steps: OwnSequencesOut['steps'] = [];
    const idx = (i: number) => {
      if (!used.has(i)) {
        used.set(i, steps.length);
        steps.push(this.steps[i]!);
      }
      return used.get(i)!;
    };
    const transitions = kept.map(({ k, counts }) => {
      const [from, to] = k.split('>').map(Number) as [number, number];
      return { from: idx(from), to: idx(to), counts };
    });
    return { steps, transitions };
  }
}
