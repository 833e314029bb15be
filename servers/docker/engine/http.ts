// A minimal HTTP client for the Docker Engine API over a unix socket (node:http socketPath), API pinned to
// v1.41: the newest docker.io 20.10 speaks and one Podman's compat service accepts. Errors say what to fix.
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';

export const API_VERSION = 'v1.41';
const MAX_BODY = 32 * 1024 * 1024;

export interface DockerResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** True when the call ran out of time and partialOnTimeout asked for what had arrived. */
  timedOut: boolean;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Sends a raw body (e.g. a tar stream) with this content type instead of JSON. */
  rawBody?: { data: Buffer; contentType: string };
  timeoutMs?: number;
  partialOnTimeout?: boolean;
}

/** The socket is missing, refuses connections, or is not ours to use. */
export class DockerConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerConnectionError';
  }
}
/** Something answers on the socket, but not the Docker Engine API. */
export class NotDockerApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotDockerApiError';
  }
}
/** The engine answered with an error status; message is the engine's own text. */
export class DockerApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DockerApiError';
  }
}

export class DockerHttp {
  constructor(
    readonly socketPath: string,
    readonly defaultTimeoutMs = 30_000,
  ) {}

  request(method: string, path: string, opts: RequestOptions = {}): Promise<DockerResponse> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) qs.set(k, String(v));
    const fullPath = `/${API_VERSION}${path}${qs.size ? `?${qs.toString()}` : ''}`;
    const payload = opts.rawBody?.data ?? (opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body)));
    const headers: Record<string, string> = { Host: 'docker' };
    if (payload) {
      headers['Content-Type'] = opts.rawBody?.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<DockerResponse>((resolve, reject) => {
      let settled = false;
      const chunks: Buffer[] = [];
      let size = 0;
      let response: http.IncomingMessage | null = null;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const req = http.request({ socketPath: this.socketPath, method, path: fullPath, headers }, (res) => {
        response = res;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) {
            req.destroy();
            finish(() => reject(new DockerApiError(0, `${method} ${path}: response larger than ${MAX_BODY} bytes; narrow the request`)));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () =>
          finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), timedOut: false })),
        );
        res.on('error', (err) => finish(() => reject(this.connectionError(err))));
        res.on('aborted', () => finish(() => reject(new DockerConnectionError(`the engine closed the connection during ${method} ${path}`))));
      });
      const timer = setTimeout(() => {
        if (opts.partialOnTimeout && response) {
          const res = response;
          finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), timedOut: true }));
        } else {
          finish(() => reject(new DockerConnectionError(`${method} ${path} got no complete answer from ${this.socketPath} within ${timeoutMs} ms`)));
        }
        req.destroy();
      }, timeoutMs);
      req.on('error', (err) => finish(() => reject(this.connectionError(err))));
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Sends a request and parses a 2xx JSON answer with the schema; error statuses become DockerApiError. */
  async json<T extends z.ZodType>(method: string, path: string, schema: T, opts: RequestOptions = {}): Promise<z.infer<T>> {
    const res = await this.request(method, path, opts);
    this.assertOk(method, path, res);
    const parsed = schema.safeParse(this.parseJson(method, path, res));
    if (!parsed.success) {
      throw new NotDockerApiError(
        `${method} ${path} on ${this.socketPath} answered JSON of an unexpected shape (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}); is this a Docker Engine API?`,
      );
    }
    return parsed.data;
  }

  /** Throws DockerApiError (or NotDockerApiError for non-JSON error bodies) unless the status is 2xx. */
  assertOk(method: string, path: string, res: DockerResponse): void {
    if (res.status >= 200 && res.status < 300) return;
    const body = this.parseJson(method, path, res) as { message?: unknown } | null;
    const message = body && typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
    throw new DockerApiError(res.status, message);
  }

  parseJson(method: string, path: string, res: DockerResponse): unknown {
    const text = res.body.toString('utf8');
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new NotDockerApiError(
        `${this.socketPath} is not a Docker Engine API: ${method} ${path} answered HTTP ${res.status} ` +
          `(${String(res.headers['content-type'] ?? 'no content type')}) with non-JSON "${text.slice(0, 60).replace(/\s+/g, ' ')}"; ` +
          'point --socket (or DOCKER_HOST) at dockerd or `podman system service`',
      );
    }
  }

  private connectionError(err: Error & { code?: string }): Error {
    const where = this.socketPath;
    switch (err.code) {
      case 'ENOENT':
        return new DockerConnectionError(
          `Docker socket ${where} does not exist: start dockerd (or \`podman system service\`), or pass --socket PATH / set DOCKER_HOST=unix:///path/to/docker.sock`,
        );
      case 'ECONNREFUSED':
        return new DockerConnectionError(`nothing is listening on Docker socket ${where}: is dockerd running?`);
      case 'EACCES':
        return new DockerConnectionError(`no permission to use Docker socket ${where}: run as a member of the docker group or pass another --socket`);
      case 'ENOTSOCK':
        return new DockerConnectionError(`${where} is not a socket: pass the Docker socket path with --socket`);
      case 'HPE_INVALID_CONSTANT':
      case 'HPE_INVALID_VERSION':
        return new NotDockerApiError(`${where} does not speak HTTP: it is not a Docker Engine API socket`);
      default:
        return new DockerConnectionError(`Docker socket ${where}: ${err.message}`);
    }
  }
}
