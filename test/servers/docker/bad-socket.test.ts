// Bad engines: a socket path that does not exist, and a socket served by a small HTTP server that is not
// Docker. Tools answer with isError saying what to fix, and the server keeps answering.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { engineSource } from '../../../servers/docker/server.js';
import { connectDocker, textOf } from './client.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docker-bad-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function serveOnSocket(handler: http.RequestListener): Promise<string> {
  const socket = join(tempDir(), 'fake.sock');
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return socket;
}

describe('docker server with a bad engine socket', () => {
  it('says the socket does not exist and how to point at one, then keeps serving', async () => {
    const socket = join(tempDir(), 'missing.sock');
    const c = await connectDocker({ source: engineSource(socket), allowMutations: true });
    onTestFinished(() => c.close());
    const r = await c.call('list_containers');
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain(`Docker socket ${socket} does not exist`);
    expect(textOf(r)).toMatch(/--socket PATH|DOCKER_HOST/);
    const again = await c.call('get_logs', { container: 'web' });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toMatch(/does not exist/);
    const bad = await c.call('update_resources', { container: 'web', cpus: 65 });
    expect(textOf(bad)).toMatch(/at most 64/); // validated before any engine call
  });

  it('recognises an HTTP server that is not a Docker Engine API', async () => {
    const seen: string[] = [];
    const socket = await serveOnSocket((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to nginx!</body></html>');
    });
    const c = await connectDocker({ source: engineSource(socket) });
    onTestFinished(() => c.close());
    const r = await c.call('list_containers');
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/is not a Docker Engine API: GET \/containers\/json answered HTTP 200 \(text\/html\) with non-JSON "<html><body>Welcome to nginx/);
    expect(seen[0]).toBe('/v1.41/containers/json?all=1');
    const h = await c.call('health_check', { container: 'x' });
    expect(h.isError).toBe(true);
    expect(textOf(h)).toMatch(/not a Docker Engine API/);
  });

  it('recognises JSON of the wrong shape and a 404 page without JSON', async () => {
    const socket = await serveOnSocket((req, res) => {
      if (req.url?.startsWith('/v1.41/containers/json')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"hello":"world"}');
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found');
      }
    });
    const c = await connectDocker({ source: engineSource(socket) });
    onTestFinished(() => c.close());
    const list = await c.call('list_containers');
    expect(textOf(list)).toMatch(/unexpected shape.*is this a Docker Engine API\?/);
    const events = await c.call('get_events', {});
    expect(textOf(events)).toMatch(/not a Docker Engine API.*HTTP 404/);
    await expect(engineSource(socket).ping()).rejects.toThrow(/not a Docker Engine API/);
  });

  it('reports an engine error status with the engine\'s own message', async () => {
    const socket = await serveOnSocket((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"containerd is not running"}');
    });
    const c = await connectDocker({ source: engineSource(socket) });
    onTestFinished(() => c.close());
    const r = await c.call('list_containers');
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('containerd is not running');
  });
});
