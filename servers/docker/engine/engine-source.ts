// The live source: a Docker Engine API (dockerd or Podman's compat service) behind a unix socket.
// Maps engine answers to records, and engine errors to messages that say what to do next.
import { z } from 'zod';
import type { ContainerEvent } from '../../../src/core/evidence.js';
import { inWindow } from '../../../src/core/time.js';
import { ToolInputError } from '../../../src/core/tool-kit.js';
import type { ContainerRecord, DockerSource, ExecResult, LogLine, ResourceUpdate } from '../records.js';
import { DockerApiError, DockerHttp } from './http.js';
import { demultiplex, demultiplexLines } from './mux-stream.js';
import { normalizeEvent, normalizeInspect, rawEventSchema, rawInspectSchema } from './normalize.js';

/** The container existed when the call began and was gone before it ended. */
export class ContainerGoneError extends Error {
  constructor(ref: string, during: string) {
    super(`container "${ref}" disappeared while ${during} (it was removed mid-call); call list_containers to see what exists now`);
    this.name = 'ContainerGoneError';
  }
}

const listSchema = z.array(z.object({ Id: z.string(), Names: z.array(z.string()).nullish() }));
const idSchema = z.object({ Id: z.string() });
const execInspectSchema = z.object({ ExitCode: z.number().nullish(), Running: z.boolean() });
const pingHeader = 'api-version';

const enc = (ref: string) => encodeURIComponent(ref);

export class EngineSource implements DockerSource {
  readonly kind = 'engine' as const;
  constructor(readonly http: DockerHttp) {}

  defaultNow(): number {
    return Date.now();
  }

  /** Checks that the socket answers /_ping like a Docker engine; returns the API version it reports. */
  async ping(): Promise<string> {
    const res = await this.http.request('GET', '/_ping', { timeoutMs: 5000 });
    const version = res.headers[pingHeader];
    if (res.status !== 200 || typeof version !== 'string' || res.body.toString('utf8').trim() !== 'OK') {
      this.http.assertOk('GET', '/_ping', res);
      throw new DockerApiError(res.status, `${this.http.socketPath} answered /_ping without an API-Version header; it is not a Docker Engine API`);
    }
    return version;
  }

  async listContainers(): Promise<ContainerRecord[]> {
    const list = await this.http.json('GET', '/containers/json', listSchema, { query: { all: 1 } });
    const out: ContainerRecord[] = [];
    // Inspect a few at a time: list alone lacks restart count, exit code and the OOM flag.
    for (let i = 0; i < list.length; i += 8) {
      const batch = await Promise.all(list.slice(i, i + 8).map((c) => this.inspectOrNull(c.Id)));
      for (const r of batch) if (r) out.push(r);
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async getContainer(ref: string): Promise<ContainerRecord> {
    const rec = await this.inspectOrNull(ref);
    if (!rec) throw await this.unknown(ref);
    return rec;
  }

  async getLogs(ref: string, opts: { tail: number; from: number | null; to: number | null }): Promise<LogLine[]> {
    const c = await this.getContainer(ref);
    const res = await this.http.request('GET', `/containers/${enc(c.id)}/logs`, {
      query: {
        stdout: 1,
        stderr: 1,
        timestamps: 1,
        tail: opts.tail,
        // Whole seconds (Podman rejects fractions); the exact window is applied to the lines below.
        since: opts.from !== null ? Math.floor(opts.from / 1000) : undefined,
        until: opts.to !== null ? Math.ceil(opts.to / 1000) : undefined,
      },
    });
    if (res.status === 404) throw await this.missing(ref, c.id, 'reading its logs', 'logs');
    this.http.assertOk('GET', '/logs', res);
    const raw = c.tty
      ? res.body
          .toString('utf8')
          .split('\n')
          .map((l) => l.replace(/\r$/, ''))
          .filter((l) => l !== '')
          .map((line) => ({ stream: 'tty' as const, line }))
      : demultiplexLines(res.body);
    return raw
      .map(({ stream, line }) => {
        const m = /^(\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)) ?(.*)$/s.exec(line);
        const ms = m ? Date.parse(m[1]!) : NaN;
        return { time: Number.isNaN(ms) ? null : new Date(ms).toISOString(), stream, text: m ? m[2]! : line };
      })
      .filter((l) => l.time === null || inWindow(Date.parse(l.time), { from: opts.from, to: opts.to }));
  }

  async getEvents(opts: { from: number; to: number; container?: string }): Promise<ContainerEvent[]> {
    const filters: Record<string, string[]> = { type: ['container'] };
    if (opts.container) filters.container = [opts.container];
    // /events streams forever without `until`, and an `until` in the future blocks until then. Podman also
    // needs stream=false to end, and ignores fractional seconds, so ask in whole seconds and trim here.
    const to = Math.min(opts.to, Date.now());
    const res = await this.http.request('GET', '/events', {
      query: {
        since: Math.floor(opts.from / 1000),
        until: Math.max(Math.ceil(to / 1000), Math.floor(opts.from / 1000) + 1),
        filters: JSON.stringify(filters),
        stream: 'false',
      },
      timeoutMs: 30_000,
    });
    this.http.assertOk('GET', '/events', res);
    const events: ContainerEvent[] = [];
    for (const line of res.body.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        this.http.parseJson('GET', '/events', { ...res, body: Buffer.from(line) });
      }
      const parsed = rawEventSchema.safeParse(json);
      const ev = parsed.success ? normalizeEvent(parsed.data) : null;
      if (ev && inWindow(Date.parse(ev.time), { from: opts.from, to })) events.push(ev);
    }
    return events;
  }

  async restart(ref: string, stopTimeoutS: number): Promise<void> {
    const c = await this.getContainer(ref);
    const res = await this.http.request('POST', `/containers/${enc(c.id)}/restart`, {
      query: { t: stopTimeoutS },
      timeoutMs: (stopTimeoutS + 30) * 1000,
    });
    if (res.status === 404) throw await this.missing(ref, c.id, 'restarting it', 'restart');
    this.http.assertOk('POST', '/restart', res);
  }

  async updateResources(ref: string, update: ResourceUpdate): Promise<void> {
    const c = await this.getContainer(ref);
    const body: Record<string, number> = {};
    if (update.memory_bytes !== undefined) {
      body.Memory = update.memory_bytes;
      // Without an explicit swap limit runc refuses a memory limit above the current memory+swap one
      // ("update the memoryswap at the same time"); use Docker's default of twice the memory.
      body.MemorySwap = update.memory_bytes * 2;
    }
    if (update.nano_cpus !== undefined) body.NanoCpus = update.nano_cpus;
    const res = await this.http.request('POST', `/containers/${enc(c.id)}/update`, { body });
    if (res.status === 404) throw await this.missing(ref, c.id, 'updating its resources', 'update');
    if (res.status === 400 || res.status === 409) {
      throw new ToolInputError(`the engine refused the update: ${this.errorText(res)}`);
    }
    this.http.assertOk('POST', '/update', res);
  }

  async exec(ref: string, command: string[], timeoutMs: number): Promise<ExecResult> {
    const c = await this.getContainer(ref);
    const created = await this.http.request('POST', `/containers/${enc(c.id)}/exec`, {
      body: { AttachStdin: false, AttachStdout: true, AttachStderr: true, Tty: false, Cmd: command },
    });
    if (created.status === 404) throw await this.missing(ref, c.id, 'creating the exec', 'exec');
    if (created.status === 409) throw new ToolInputError(`cannot exec in "${ref}": ${this.errorText(created)}; start it first`);
    this.http.assertOk('POST', '/exec', created);
    const { Id } = idSchema.parse(this.http.parseJson('POST', '/exec', created));
    const started = await this.http.request('POST', `/exec/${Id}/start`, {
      body: { Detach: false, Tty: false },
      timeoutMs,
      partialOnTimeout: true,
    });
    if (started.status === 404 || started.status === 409) {
      if (!(await this.inspectOrNull(c.id))) throw new ContainerGoneError(ref, 'the command ran');
      throw new ToolInputError(`cannot exec in "${ref}": ${this.errorText(started)}`);
    }
    this.http.assertOk('POST', '/exec/start', started);
    const streams = demultiplex(started.body);
    const info = await this.http.request('GET', `/exec/${Id}/json`);
    if (info.status === 404) {
      // The exec instance goes away with its container.
      throw new ContainerGoneError(ref, 'the command ran');
    }
    this.http.assertOk('GET', '/exec/json', info);
    const state = execInspectSchema.parse(this.http.parseJson('GET', '/exec/json', info));
    if (!state.Running && !started.timedOut && (state.ExitCode ?? 0) >= 128) await this.assertStillThere(ref, c.id);
    return {
      exit_code: state.Running ? null : (state.ExitCode ?? null),
      stdout: streams.stdout.toString('utf8'),
      stderr: streams.stderr.toString('utf8'),
      timed_out: started.timedOut,
      running: state.Running,
    };
  }

  /**
   * A command killed by a signal may mean its container was stopped or removed under it. The engine
   * reports the container's new state a moment after the exec ends, so watch it briefly.
   */
  private async assertStillThere(ref: string, id: string): Promise<void> {
    const end = Date.now() + 1500;
    for (;;) {
      const now = await this.inspectOrNull(id);
      if (!now || now.state === 'removing' || now.state === 'dead') throw new ContainerGoneError(ref, 'the command ran');
      if (now.state !== 'running') {
        throw new ToolInputError(`container "${ref}" stopped (${now.state}, exit code ${now.exit_code ?? '?'}) while the command ran`);
      }
      if (Date.now() > end) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async inspectOrNull(ref: string): Promise<ContainerRecord | null> {
    const res = await this.http.request('GET', `/containers/${enc(ref)}/json`);
    if (res.status === 404) return null;
    this.http.assertOk('GET', `/containers/${ref}/json`, res);
    const parsed = rawInspectSchema.safeParse(this.http.parseJson('GET', '/containers/json', res));
    if (!parsed.success) throw new DockerApiError(res.status, `unexpected inspect answer for "${ref}": ${parsed.error.issues[0]?.message}`);
    return normalizeInspect(parsed.data);
  }

  /** A 404 after the container was found: it was removed meanwhile, or the engine lacks the endpoint. */
  private async missing(ref: string, id: string, during: string, endpoint: string): Promise<Error> {
    if (!(await this.inspectOrNull(id))) return new ContainerGoneError(ref, during);
    const hint =
      endpoint === 'update'
        ? "Podman's Docker API (4.3 in Debian 12) has no container update: recreate the container with the new limits"
        : 'the engine does not implement this part of the Docker API';
    return new ToolInputError(`this engine answered HTTP 404 for /containers/{id}/${endpoint} while ${during}: ${hint}`);
  }

  private async unknown(ref: string): Promise<ToolInputError> {
    const list = await this.http.json('GET', '/containers/json', listSchema, { query: { all: 1 } }).catch(() => []);
    const names = list.flatMap((c) => (c.Names ?? []).map((n) => n.replace(/^\//, ''))).sort();
    const known = names.length ? `known containers: ${names.slice(0, 30).join(', ')}` : 'the engine has no containers';
    return new ToolInputError(`no container named or with id "${ref}" (${known}); call list_containers`);
  }

  private errorText(res: { body: Buffer; status: number }): string {
    try {
      const j = JSON.parse(res.body.toString('utf8')) as { message?: string };
      return j.message ?? `HTTP ${res.status}`;
    } catch {
      return `HTTP ${res.status}`;
    }
  }
}
