// Generates a realistic Python-logging style file for the logs throughput bench: mostly request lines,
// some warnings, bursts of errors with stack traces, several services; deterministic (seeded PRNG).
import { createWriteStream } from 'node:fs';

let seed = 42;
function rand(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
const hex = (n: number) => Math.floor(rand() * 16 ** n).toString(16).padStart(n, '0');

const SERVICES = ['billing.app', 'orders.api', 'search.app', 'gateway.http', 'auth.service', 'scheduler.jobs'];
const ROUTES = ['/api/cart', '/api/orders', '/api/health', '/api/checkout', '/api/search', '/api/login'];

export type LogStyle = 'text' | 'json';

/** The same event as a JSON line (pino/structlog-like keys). */
function asJson(t: number, level: string, svc: string, message: string): string {
  return `${JSON.stringify({ '@timestamp': new Date(t).toISOString(), level: level.toLowerCase(), service: svc.split('.')[0], logger: svc, message })}\n`;
}

function line(t: number, style: LogStyle = 'text'): string {
  if (style === 'json') {
    const text = line(t, 'text');
    const m = /^\S+ \S+ (\w+) ([\w.]+): ([\s\S]*)\n$/.exec(text)!;
    return asJson(t, m[1]!, m[2]!, m[3]!.replace(/\n$/, ''));
  }
  const ts = new Date(t).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  const r = rand();
  const svc = pick(SERVICES);
  if (r < 0.9) return `${ts} INFO ${svc}: GET ${pick(ROUTES)} 200 ${Math.floor(rand() * 120)}ms req_id=${hex(10)}\n`;
  if (r < 0.96) return `${ts} WARN ${svc}: slow query on ${pick(['products', 'orders', 'users'])} index took ${Math.floor(rand() * 2000)}ms\n`;
  if (r < 0.985) return `${ts} ERROR ${svc}: upstream ${pick(['payments', 'inventory'])} timed out after ${Math.floor(rand() * 5000)}ms host=10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}\n`;
  if (r < 0.995) return `${ts} ERROR ${svc}: connection pool exhausted (size=${30 + Math.floor(rand() * 10)}, waiting=${Math.floor(rand() * 50)})\n`;
  return `${ts} ERROR ${svc}: Unhandled error in POST /api/checkout: TypeError: Cannot read properties of undefined (reading 'address')\n    at charge (/app/billing/src/handlers/charge.js:4:39)\n    at async handleCheckout (/app/billing/src/routes/checkout.js:58:20)\n`;
}

/**
 * Writes about `bytes` bytes of log lines to `file`, starting at `start` ms, one line every `meanStepMs` on average
 * (default 50: ~20 lines per second), as Python-logging text or JSON lines.
 */
export async function generateLog(file: string, bytes: number, start = Date.parse('2025-03-04T00:00:00Z'), meanStepMs = 50, style: LogStyle = 'text'): Promise<number> {
  const out = createWriteStream(file, { highWaterMark: 4 << 20 });
  let written = 0;
  let t = start;
  let lines = 0;
  while (written < bytes) {
    const parts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      t += rand() * meanStepMs * 2;
      parts.push(line(Math.floor(t), style));
    }
    const chunk = parts.join('');
    written += Buffer.byteLength(chunk);
    lines += parts.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return lines;
}
