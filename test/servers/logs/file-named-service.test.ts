// Files named after their service whose lines name none (Docker json-file around an app's JSON, Spring Boot's console
// pattern): request_flows and log_stats give each entry its file's service, as the lines that name it themselves do.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowsOut } from '../../../servers/logs/flows.js';
import { serviceOfLogFile } from '../../../src/core/logs/file-service.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { connect, tempDir } from './helpers.js';

const DIR = path.join(REPO_ROOT, 'fixtures', 'log-shapes', 'traced');
const AT = Date.parse('2023-01-29T11:08:00Z');
const WINDOW = { since: '2023-01-29T10:40:00Z', until: '2023-01-29T11:08:00Z', max_output_bytes: 1024 * 1024 };
const LINE = /^(\S+) (\w+) \[([^\]]+)\] (\S+)#(\d+) (.*)$/;

type Shape = (time: string, level: string, logger: string, line: string, message: string) => string;

const SHAPES: Record<string, Shape> = {
  // The app's JSON (no service key) inside Docker's json-file record, as `docker logs` keeps it on disk.
  'docker json-file around app JSON': (time, level, logger, line, message) =>
    JSON.stringify({ log: `${JSON.stringify({ timestamp: time, severity: level.toLowerCase(), logger, line: Number(line), message })}\n`, stream: 'stdout', time }),
  // Spring Boot's default console pattern: local time, level, pid, thread, abbreviated logger, message.
  'Spring Boot console': (time, level, logger, _line, message) =>
    `${time.replace('T', ' ').replace(/Z$/, '')} ${level.padStart(5)} 1 --- [nio-8080-exec-1] ${logger.padEnd(40)} : ${message}`,
  // Python's logging through the root logger, `%(asctime)s - %(name)s - %(levelname)s - %(message)s`: `root` is nobody.
  'Python logging, root logger': (time, level, logger, line, message) =>
    `${time.replace('T', ' ').replace(/\.(\d{3})\d*Z$/, ',$1').replace(/Z$/, ',000')} - root - ${level} - ${logger}#${line} ${message}`,
  // The app's own JSON lines with no service key at all.
  'plain JSON lines': (time, level, logger, line, message) => JSON.stringify({ time, level, logger, line: Number(line), msg: message }),
};

/** The fixture's files rewritten in one shape, each still named after its service. */
function rewritten(shape: Shape): string {
  const files: Record<string, string> = {};
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.log'))) {
    files[f] = readFileSync(path.join(DIR, f), 'utf8')
      .split('\n')
      .map((l) => LINE.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(([, time, level, , logger, line, message]) => shape(time!, level!, logger!, line!, message!))
      .join('\n');
  }
  return tempDir(files);
}

async function flowsAndStats(dir: string): Promise<{ flows: FlowsOut; services: string[] }> {
  const { call } = await connect({ sources: [dir], at: AT });
  const flows = (await call('request_flows', WINDOW)).json<FlowsOut>();
  const stats = (await call('log_stats', { since: WINDOW.since, until: WINDOW.until })).json<{ buckets: Array<{ by_service: Record<string, number> }> }>();
  return { flows, services: [...new Set(stats.buckets.flatMap((b) => Object.keys(b.by_service)))].sort() };
}

const edges = (out: FlowsOut) => out.calls.map((c) => `${c.caller}>${c.callee}`).sort();

describe('a file named after its service, with lines that name none', () => {
  it('reads the service from the name, not from generic names or dates', () => {
    expect(serviceOfLogFile('/var/log/orders/ts-order-service.log')).toBe('ts-order-service');
    expect(serviceOfLogFile('billing-2025-02-20.log.gz')).toBe('billing');
    expect(serviceOfLogFile('/srv/app.log')).toBeNull();
    expect(serviceOfLogFile('error.log')).toBeNull();
    // rca's own copy of `--logs -`, and what a collector's dump is called, name no service.
    expect(serviceOfLogFile('/tmp/rca-stdin-x1/stdin.log')).toBeNull();
    expect(serviceOfLogFile('compose.log')).toBeNull();
    // A pod's own log names its workload; a name that only looks a little like one stays whole.
    expect(serviceOfLogFile('logs/checkout-7d9f8b6c5-x2x9q.log')).toBe('checkout');
    expect(serviceOfLogFile('user-profile-store.log')).toBe('user-profile-store');
  });

  for (const [name, shape] of Object.entries(SHAPES)) {
    it(`${name}: the same services, call graph and requests as the lines that name their service`, { timeout: 30_000 }, async () => {
      const original = await flowsAndStats(DIR);
      const other = await flowsAndStats(rewritten(shape));
      expect(edges(original.flows)).toEqual(['ts-gateway-service>ts-order-service', 'ts-gateway-service>ts-user-service', 'ts-order-service>ts-price-service']);
      expect(edges(other.flows)).toEqual(edges(original.flows));
      expect(other.flows.requests).toBe(original.flows.requests);
      expect(other.flows.steps.every((s) => s.service !== null)).toBe(true);
      expect(other.services).toEqual(original.services);
      expect(other.services).not.toContain('(none)');
    });
  }
});
