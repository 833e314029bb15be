// Several services' logs in one file, each line prefixed with its container (`docker compose logs`, `kubectl logs
// --prefix`): the prefix names the line's service, so request flows and counts are as with one file per service.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowsOut } from '../../../servers/logs/flows.js';
import { detectFormat } from '../../../src/core/logs/formats.js';
import { unprefixCompose, unprefixKubectl } from '../../../src/core/logs/merged-prefixes.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { connect, tempDir } from './helpers.js';

const DIR = path.join(REPO_ROOT, 'fixtures', 'log-shapes', 'traced');
const AT = Date.parse('2023-01-29T11:08:00Z');
const WINDOW = { since: '2023-01-29T10:40:00Z', until: '2023-01-29T11:08:00Z', max_output_bytes: 1024 * 1024 };
const LINE = /^(\S+) (\w+) \[([^\]]+)\] (.*)$/;

/** Every file's lines in time order in one file, each as `prefix(service)` then the line without its `[service]`. */
function merged(prefix: (service: string) => string): string {
  const lines: Array<[string, string]> = [];
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.log'))) {
    for (const l of readFileSync(path.join(DIR, f), 'utf8').split('\n')) {
      const m = LINE.exec(l);
      if (m) lines.push([m[1]!, `${prefix(m[3]!)}${m[1]} ${m[2]} ${m[4]}`]);
    }
  }
  lines.sort((a, b) => a[0].localeCompare(b[0]));
  return tempDir({ 'incident.log': lines.map(([, l]) => l).join('\n') + '\n' });
}

async function flowsAndStats(dir: string) {
  const { call } = await connect({ sources: [dir], at: AT });
  const flows = (await call('request_flows', WINDOW)).json<FlowsOut>();
  const stats = (await call('log_stats', { since: WINDOW.since, until: WINDOW.until })).json<{ buckets: Array<{ by_service: Record<string, number> }> }>();
  return { edges: flows.calls.map((c) => `${c.caller}>${c.callee}`).sort(), requests: flows.requests, services: [...new Set(stats.buckets.flatMap((b) => Object.keys(b.by_service)))].sort() };
}

describe('prefixes of merged streams', () => {
  it('reads the service from a Compose or kubectl prefix and leaves a log\'s own columns alone', () => {
    expect(unprefixCompose('checkout-1  | 2023-01-29T11:00:01Z INFO started')).toEqual({ source: 'checkout', text: '2023-01-29T11:00:01Z INFO started' });
    // Compose v1 names containers `<project>_<service>_<n>`, the project letters and digits only: it is not the service.
    expect(unprefixCompose('shop_payment_2 | boom')).toEqual({ source: 'payment', text: 'boom' });
    expect(unprefixCompose('shop_order_db_1  | ready')).toEqual({ source: 'order_db', text: 'ready' });
    expect(unprefixCompose('order_db-1  | ready')).toEqual({ source: 'order_db', text: 'ready' });
    expect(unprefixCompose('INFO | request served')).toBeNull();
    expect(unprefixCompose('2023-01-29 11:00:01.136 | INFO     | app:main:42 - started')).toBeNull();
    expect(unprefixCompose('GET /cart 200 | 12 ms')).toBeNull();
    expect(unprefixKubectl('[pod/checkout-7d9f8b6c5-x2x9q/server] panic: nil map')).toEqual({
      source: 'checkout',
      text: 'panic: nil map',
      fields: { pod: 'checkout-7d9f8b6c5-x2x9q', container: 'server' },
    });
    expect(unprefixKubectl('[pod] not a prefix')).toBeNull();
    expect(detectFormat(['checkout-1  | 2023-01-29T11:00:01Z INFO [x] started', 'cart-1      | 2023-01-29T11:00:02Z ERROR [x] failed'], AT)).toBe('compose:iso');
    expect(detectFormat(['2023-01-29 11:00:01.136 | INFO     | app:main:42 - started', '2023-01-29 11:00:02.001 | ERROR    | app:main:50 - failed'], AT)).not.toMatch(/^compose/);
  });

  const prefixes: Record<string, (service: string) => string> = {
    'docker compose logs': (s) => `${`${s}-1`.padEnd(28)}| `,
    'kubectl logs --prefix': (s) => `[pod/${s}-7d9f8b6c5-x2x9q/server] `,
  };
  for (const [name, prefix] of Object.entries(prefixes)) {
    it(`${name}: the same services, call graph and requests as one file per service`, { timeout: 30_000 }, async () => {
      const original = await flowsAndStats(DIR);
      const one = await flowsAndStats(merged(prefix));
      expect(original.edges).toEqual(['ts-gateway-service>ts-order-service', 'ts-gateway-service>ts-user-service', 'ts-order-service>ts-price-service']);
      expect(one).toEqual(original);
    });
  }
});
