// Scales a scenario's log file N times denser for the large-log benches: every line is followed by N-1 copies
// whose ISO timestamps are spread evenly up to the next line's time, so order, span and error shares are kept.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const ISO = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?/;

function stampLike(template: string, ms: number): string {
  const iso = new Date(ms).toISOString(); // 2025-03-18T18:02:00.902Z
  const sep = template[10] ?? 'T';
  const comma = template[19] === ',';
  let out = `${iso.slice(0, 10)}${sep}${iso.slice(11, 19)}`;
  if (template[19] === '.' || comma) out += `${comma ? ',' : '.'}${iso.slice(20, 23)}`;
  if (template.endsWith('Z')) out += 'Z';
  return out;
}

/** Writes `factor` copies of each line of `src` to `dest`; lines without a timestamp are copied as they are. */
export async function scaleLog(src: string, dest: string, factor: number): Promise<number> {
  const out = createWriteStream(dest, { highWaterMark: 4 << 20 });
  const lines: string[] = [];
  for await (const l of createInterface({ input: createReadStream(src), crlfDelay: Infinity })) lines.push(l);
  const times = lines.map((l) => {
    const m = ISO.exec(l);
    return m ? Date.parse(m[0].replace(' ', 'T').replace(',', '.')) : NaN;
  });
  let written = 0;
  let batch: string[] = [];
  const flush = async () => {
    const text = batch.join('');
    batch = [];
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  let lastTime = NaN;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = times[i]!;
    if (Number.isFinite(t)) lastTime = t;
    let next = NaN;
    for (let j = i + 1; j < lines.length && j < i + 50; j++) if (Number.isFinite(times[j]!)) { next = times[j]!; break; }
    const m = ISO.exec(line);
    for (let k = 0; k < factor; k++) {
      if (k === 0 || !m || !Number.isFinite(t)) batch.push(`${line}\n`);
      else {
        const gap = Number.isFinite(next) && next > t ? next - t : 1;
        const copy = Math.floor(lastTime + (gap * k) / factor);
        batch.push(`${line.slice(0, m.index)}${stampLike(m[0], copy)}${line.slice(m.index + m[0].length)}\n`);
      }
    }
    if (batch.length >= 50_000) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return written;
}
