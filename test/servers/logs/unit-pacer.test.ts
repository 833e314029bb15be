// The pacer of a split scan's units: every unit whole while the pace fits the deadline; otherwise every unit gets
// its turn of the time left and a share of its bytes, so the window's last units are sampled like its first ones.
import { describe, expect, it } from 'vitest';
import type { Coverage } from '../../../servers/logs/coverage.js';
import type { ScanItem } from '../../../servers/logs/scan-units.js';
import { runPaced, turnOf } from '../../../servers/logs/unit-pacer.js';
import type { FileInfo } from '../../../src/core/logs/file-info.js';

const MB = 1 << 20;
const info = { file: '/logs/app.log', bytes: 64 * MB } as FileInfo;
const key = { dev: 1, ino: 2, size: 64 * MB, mtimeMs: 3 };
/** n units of 4 MiB, each one span of a file to read (and index) in full. */
const units = (n: number): ScanItem[][] =>
  Array.from({ length: n }, (_, i) => [{ info, fileIndex: 0, part: { key, spans: [{ from: i * 4 * MB, to: (i + 1) * 4 * MB, firstLine: NaN, weight: 1, kind: 'index' as const }] } }]);

/** Runs the units on a fake clock, reading `mbPerMs` per lane (two lanes); what each unit was asked, in order. */
async function paced(n: number, budgetMs: number | undefined, mbPerMs: number) {
  const clock = { t: 0 };
  const asked: Array<{ share: number; deadline: number | undefined }> = [];
  const out = await runPaced(units(n), 2, budgetMs, async (unit) => {
    const part = unit[0]!.part!;
    const share = part.share ?? 1;
    asked[part.spans[0]!.from / (4 * MB)] = { share, deadline: part.deadline };
    const bytes = share * 4 * MB;
    // Two lanes on one fake clock: each unit costs its own time, the lanes interleave on await.
    await new Promise((r) => setImmediate(r));
    clock.t += bytes / MB / mbPerMs / 2;
    return { coverage: [{ file: info.file, windowBytes: 4 * MB, readBytes: bytes, fraction: share, index: 'none' }] as Coverage[] };
  }, () => clock.t);
  return { asked, out, end: clock.t };
}

describe('runPaced', () => {
  it('reads every unit whole, in unit order, while the pace fits the deadline', async () => {
    const { asked, out } = await paced(16, 10_000, 1); // 64 MiB at 1 MiB/ms per lane: tens of ms
    expect(asked.every((a) => a.share === 1)).toBe(true);
    expect(out.map((o) => o.coverage[0]!.readBytes)).toEqual(Array(16).fill(4 * MB));
  });

  it('without a deadline asks nothing of the units', async () => {
    const { asked } = await paced(8, undefined, 0.001);
    expect(asked.every((a) => a.share === 1 && a.deadline === undefined)).toBe(true);
  });

  it('over the budget gives every unit a share, the last ones too, and ends near the deadline', async () => {
    const { asked, end } = await paced(40, 1_000, 0.02); // 160 MiB at 0.02 MiB/ms per lane: about 4 s in full
    expect(asked.slice(0, 2).every((a) => a.share === 1)).toBe(true); // no pace yet
    const later = asked.slice(2);
    expect(later.every((a) => a.share > 0 && a.share < 1)).toBe(true);
    // Even: the last units' shares are of the same order as the first sampled ones', not a sliver.
    const first = later.slice(0, 10).reduce((a, b) => a + b.share, 0) / 10;
    const last = later.slice(-10).reduce((a, b) => a + b.share, 0) / 10;
    expect(last).toBeGreaterThan(first / 3);
    expect(end).toBeLessThan(1_300);
  });
});

describe('turnOf', () => {
  it("gives a unit its part of the time left by its bytes, and past the deadline a share of 0", () => {
    const pace = { readBytes: MB, busyMs: 100, lanes: 2 }; // 0.01 MiB/ms per lane
    const turn = turnOf(pace, 4 * MB, 40 * MB, 0, 1_000);
    expect(turn.deadline).toBeCloseTo(200, 5); // 1 s over two lanes, a tenth of the bytes left
    expect(turn.share).toBeCloseTo(0.5, 5); // 2 MiB of 4 in 200 ms
    expect(turnOf(pace, 4 * MB, 40 * MB, 1_001, 1_000)).toEqual({ deadline: 1_001, share: 0 });
    expect(turnOf({ readBytes: 0, busyMs: 0, lanes: 2 }, 4 * MB, 40 * MB, 0, 1_000).share).toBe(1);
  });
});
