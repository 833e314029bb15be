// rca watch's webhook listener: POST /alertmanager, /pagerduty and /alert, GET /healthz. Every request is
// bounded in size, authenticated when a token or PagerDuty secret is configured, and validated before filing.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { ZodError } from 'zod';
import type { IncomingAlert } from './alert.js';
import { fromAlertmanager } from './intake-alertmanager.js';
import { fromGeneric } from './intake-generic.js';
import { fromPagerDuty, verifyPagerDutySignature } from './intake-pagerduty.js';

export interface IntakeOptions {
  /** Files the alerts (durably) and answers with the incidents they went to. */
  file(alerts: IncomingAlert[]): { incidents: string[]; created: number };
  /** GET /healthz answers 200 only while this is true (the queue is writable). */
  healthy(): boolean;
  token?: string;
  pagerDutySecret?: string;
  maxBodyBytes?: number;
  onError?(message: string): void;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const ROUTES: Record<string, (body: unknown) => IncomingAlert[]> = {
  '/alertmanager': (b) => fromAlertmanager(b),
  '/pagerduty': (b) => fromPagerDuty(b),
  '/alert': (b) => fromGeneric(b),
};

export function createIntakeServer(opts: IntakeOptions): Server {
  const max = opts.maxBodyBytes ?? 1024 * 1024;
  return createServer((req, res) => {
    handle(req, res, opts, max).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (status === 500) opts.onError?.(message);
      reply(res, status, { error: message });
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: IntakeOptions, max: number): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/healthz') {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET /healthz');
    const ok = opts.healthy();
    return reply(res, ok ? 200 : 503, { status: ok ? 'ok' : 'queue not writable' });
  }
  const route = ROUTES[path];
  if (!route) throw new HttpError(404, 'POST alerts to /alertmanager, /pagerduty or /alert; GET /healthz');
  if (req.method !== 'POST') throw new HttpError(405, `use POST ${path}`);
  const raw = await readBody(req, max);
  if (path === '/pagerduty') {
    if (!opts.pagerDutySecret) throw new HttpError(403, 'PagerDuty webhooks need a shared secret: start rca watch with --pagerduty-secret-env VAR');
    if (!verifyPagerDutySignature(raw, header(req, 'x-pagerduty-signature'), opts.pagerDutySecret)) {
      throw new HttpError(401, 'X-PagerDuty-Signature does not match the body for the configured secret');
    }
  } else if (opts.token && !bearerMatches(header(req, 'authorization'), opts.token)) {
    throw new HttpError(401, 'missing or wrong bearer token (Authorization: Bearer <token>)');
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
  let alerts: IncomingAlert[];
  try {
    alerts = route(body);
  } catch (err) {
    if (err instanceof ZodError) throw new HttpError(400, `invalid ${path.slice(1)} payload: ${describe(err)}`);
    throw err;
  }
  const filed = opts.file(alerts);
  reply(res, 202, { accepted: alerts.length, created: filed.created, incidents: filed.incidents });
}

function describe(err: ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function bearerMatches(value: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(value ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!.trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      req.resume();
      return reject(new HttpError(413, `body over ${max} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Past the limit the rest is read and dropped (memory stays bounded) so the 413 still reaches the sender.
      if (size > max) reject(new HttpError(413, `body over ${max} bytes`));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
