// The JSON shortcut (classify time, level and service without JSON.parse) must agree with the full parser on
// every line it answers for, over real-shaped files of several layouts, and must answer for most of their lines.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachEntry, fullEntry, type LogEntry } from '../../../servers/logs/entries.js';
import { jsonClassifier, materialize, topLevelValues } from '../../../servers/logs/fast-json.js';
import { parseJsonLine } from '../../../src/core/logs/structured-formats.js';

const ROOT = path.resolve(import.meta.dirname, '../../../fixtures');

function jsonLogs(): string[] {
  const out: string[] = [];
  for (const set of ['scenarios', 'holdout']) {
    for (const name of readdirSync(path.join(ROOT, set))) {
      const dir = path.join(ROOT, set, name, 'logs');
      let files: string[] = [];
      try {
        files = readdirSync(dir);
      } catch {
        continue;
      }
      for (const f of files) if (f.endsWith('.log') && readFileSync(path.join(dir, f), 'utf8').startsWith('{')) out.push(path.join(dir, f));
    }
  }
  return out;
}

describe('JSON lines classified without JSON.parse', () => {
  const files = jsonLogs();

  it('agrees with the full parse on every line it classifies, and classifies most lines of common layouts', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    // Layouts whose service comes from a logger or caller key (structlog, zap, .NET's Category) take the full parse,
    // so the share is counted per file: the shortcut must carry most lines of the layouts with a service key or none.
    let mostly = 0;
    for (const file of files) {
      const classify = jsonClassifier();
      let classified = 0;
      let lines = 0;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        lines++;
        const quick = classify(line);
        if (!quick) continue;
        classified++;
        const full = parseJsonLine(line)!;
        expect({ file, time: quick.time, level: quick.level, service: quick.service }).toEqual({ file, time: full.time, level: full.level, service: full.service });
        expect(materialize(quick).message).toBe(full.message);
      }
      if (classified / lines > 0.9) mostly++;
    }
    expect(mostly).toBeGreaterThanOrEqual(6);
  });

  it('gives the same entries lazily (then completed) as with the full parse', async () => {
    for (const file of files) {
      const eager: LogEntry[] = [];
      const lazy: LogEntry[] = [];
      await forEachEntry(file, 'json', Date.now(), (e) => void eager.push(e));
      await forEachEntry(file, 'json', Date.now(), (e) => void lazy.push(fullEntry(e)), { lazy: true });
      expect(lazy.map(({ raw: _r, ...e }) => e)).toEqual(eager);
    }
  });

  it('falls back on lines it cannot vouch for: nested keys, escapes, a service key the layout lacks', () => {
    expect(topLevelValues('{"a":{"level":"error"},"level":"info"}', ['level'])).toEqual(['info']);
    expect(topLevelValues('{"msg":"say \\"level\\": error","level":"warn"}', ['level'])).toEqual(['warn']);
    expect(topLevelValues('{"level":"in\\u0066o"}', ['level'])).toEqual([null]);
    expect(topLevelValues('not json at all', ['level'])).toBeNull();
    const classify = jsonClassifier();
    const base = (i: number) => `{"time":"2025-03-04T10:00:0${i}Z","level":"info","msg":"tick ${i}"}`;
    for (let i = 0; i < 8; i++) classify(base(i));
    expect(classify(base(9))).toMatchObject({ level: 'info', service: null });
    // A line naming a logger: only the full parse knows which service that makes.
    expect(classify('{"time":"2025-03-04T10:00:09Z","level":"error","msg":"x","logger":"billing.app"}')).toBeNull();
  });

  it("leaves a host that is a pod's to the full parse, which names its workload; other hosts it vouches for", () => {
    const classify = jsonClassifier();
    const line = (i: number, host: string) => `{"level":30,"time":${1741082400000 + i * 1000},"pid":1,"hostname":"${host}","msg":"tick ${i}"}`;
    for (let i = 0; i < 8; i++) classify(line(i, 'web-3'));
    expect(classify(line(8, 'web-3'))).toMatchObject({ level: 'info', service: null });
    const pod = line(9, 'checkout-7d9f8b5c4-x2x9z');
    expect(classify(pod)).toBeNull();
    expect(parseJsonLine(pod)!.service).toBe('checkout');
    expect(classify('{"level":30,"time":1741082410000,"pod":"ledger-0","msg":"x"}')).toBeNull();
  });
});
