// The hub against real child processes: the fixture server (crash, hang, fail, exit at start)
// and the third-party @modelcontextprotocol/server-everything as an extra server.
import { describe, expect, it, onTestFinished } from 'vitest';
import { startHub, type HubOptions } from '../../src/mcp/index.js';
import { everythingSpec, fixtureSpec, processAlive, recorder, waitFor } from './helpers.js';

async function hub(options: HubOptions) {
  const h = await startHub(options);
  onTestFinished(() => h.close());
  return h;
}

describe('hub: start-up and tool listing', () => {
  it('starts servers concurrently, names tools <server>__<tool> and reads annotations conservatively', async () => {
    const rec = recorder();
    const h = await hub({ servers: [fixtureSpec('t'), everythingSpec()], events: rec.sink });
    expect(h.health().map((s) => [s.name, s.status])).toEqual([
      ['t', 'ready'],
      ['everything', 'ready'],
    ]);
    const tools = h.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('t__echo')).toMatchObject({ server: 't', tool: 'echo', readOnly: true, destructive: false });
    expect(byName.get('t__wipe')).toMatchObject({ readOnly: false, destructive: true });
    // No annotations: not read-only, and (the MCP default) possibly destructive.
    expect(byName.get('t__plain')).toMatchObject({ readOnly: false, destructive: true });
    expect(byName.get('everything__echo')?.inputSchema).toMatchObject({ type: 'object' });
    expect(tools.every((t) => /^[A-Za-z0-9_-]{1,64}$/.test(t.name))).toBe(true);
    const ready = rec.events.filter((e) => e.type === 'server_ready').map((e) => e.server).sort();
    expect(ready).toEqual(['everything', 't']);
    expect(rec.events.filter((e) => e.type === 'server_starting')).toHaveLength(2);
  });

  it('keeps going when one server exits at start', async () => {
    const rec = recorder();
    const h = await hub({ servers: [fixtureSpec('dead', '--exit-at-start'), fixtureSpec('ok')], events: rec.sink });
    const health = Object.fromEntries(h.health().map((s) => [s.name, s]));
    expect(health.ok!.status).toBe('ready');
    expect(health.dead!.status).toBe('failed');
    expect(health.dead!.error).toContain('refusing to start (--exit-at-start)');
    expect(h.listTools().map((t) => t.server)).not.toContain('dead');
    expect(rec.events.filter((e) => e.type === 'server_failed').map((e) => e.server)).toEqual(['dead']);
    const out = await h.call('dead__echo', { text: 'x' });
    expect(out.ok).toBe(false);
    expect(out.text).toContain('unknown tool "dead__echo"');
    expect(out.text).toContain('ok__echo');
  });

  it('gives up on a server that never answers initialize, within the start timeout', async () => {
    // Alone in its hub: a short timeout must not race a healthy server's start on a loaded machine.
    const h = await hub({ servers: [fixtureSpec('stuck', '--hang-at-start')], startTimeoutMs: 1500 });
    expect(h.health()[0]).toMatchObject({ name: 'stuck', status: 'failed', pid: null });
    expect(h.health()[0]!.error).toContain('did not start within 1500 ms');
    expect(h.listTools()).toEqual([]);
  });

  it('redacts secrets from the stderr it quotes', async () => {
    const h = await hub({ servers: [fixtureSpec('leaky', '--exit-at-start', '--leak-secret')] });
    const error = h.health()[0]!.error!;
    expect(error).toContain('cannot reach postgres://app:[REDACTED]@db:5432/shop');
    expect(error).not.toContain('hunter2');
  });

  it('reports a command that does not exist as a failed server', async () => {
    const h = await hub({ servers: [{ name: 'ghost', command: '/nonexistent/mcp-server', args: [], builtin: false }] });
    expect(h.health()[0]).toMatchObject({ name: 'ghost', status: 'failed' });
    expect(h.health()[0]!.error).toMatch(/ENOENT|not found/);
  });

  it('refuses two servers with one name', async () => {
    await expect(startHub({ servers: [fixtureSpec('a'), fixtureSpec('a')] })).rejects.toThrow('two servers are named "a"');
  });
});

describe('hub: calls', () => {
  it('routes calls, numbers them per hub and audits each one', async () => {
    const rec = recorder();
    const h = await hub({ servers: [fixtureSpec('t'), everythingSpec()], events: rec.sink, now: () => Date.parse('2025-03-04T10:00:00Z') });
    const a = await h.call('t__echo', { text: 'hello' });
    const b = await h.call('everything__echo', { message: 'hi' });
    const c = await h.call('t__fail', {});
    expect(a).toMatchObject({ id: 'c1', tool: 't__echo', ok: true, text: 'echo: hello', bytes: 11 });
    expect(b).toMatchObject({ id: 'c2', ok: true, text: 'Echo: hi' });
    expect(c).toMatchObject({ id: 'c3', ok: false, text: 'fail: this tool always fails; call echo instead' });
    const audit = h.audit();
    expect(audit.map((r) => [r.id, r.server, r.tool, r.ok, r.bytes])).toEqual([
      ['c1', 't', 'echo', true, 11],
      ['c2', 'everything', 'echo', true, 8],
      ['c3', 't', 'fail', false, 47],
    ]);
    expect(audit[0]).toMatchObject({ args: { text: 'hello' }, startedAt: '2025-03-04T10:00:00.000Z', error: null });
    expect(audit[2]!.error).toContain('always fails');
    expect(audit[0]!.ms).toBeGreaterThanOrEqual(0);
    // The audit is a copy: changing it does not change the trail.
    audit[0]!.args.text = 'changed';
    expect(h.audit()[0]!.args).toEqual({ text: 'hello' });
    const started = rec.events.filter((e) => e.type === 'tool_call_started').map((e) => e.id);
    const finished = rec.events.filter((e) => e.type === 'tool_call_finished').map((e) => [e.id, e.ok]);
    expect(started).toEqual(['c1', 'c2', 'c3']);
    expect(finished).toEqual([
      ['c1', true],
      ['c2', true],
      ['c3', false],
    ]);
  });

  it('runs calls of one round in parallel on one server', async () => {
    const h = await hub({ servers: [fixtureSpec('t')] });
    const outs = await Promise.all(['a', 'b', 'c', 'd'].map((text) => h.call('t__echo', { text })));
    expect(outs.map((o) => o.text)).toEqual(['echo: a', 'echo: b', 'echo: c', 'echo: d']);
    expect(new Set(outs.map((o) => o.id)).size).toBe(4);
  });

  it('picks up tools a server adds at run time (tools/list_changed)', async () => {
    const h = await hub({ servers: [fixtureSpec('t')] });
    expect(h.listTools().map((t) => t.name)).not.toContain('t__extra');
    expect((await h.call('t__add_tool', {})).text).toBe('added');
    await waitFor(() => h.listTools().some((t) => t.name === 't__extra'), 't__extra to be listed');
    expect((await h.call('t__extra', {})).text).toBe('extra');
  });

  it('answers an unknown tool with the list of available tools', async () => {
    const h = await hub({ servers: [fixtureSpec('t')] });
    const out = await h.call('t__nope', { x: 1 });
    expect(out.ok).toBe(false);
    expect(out.text).toMatch(/^unknown tool "t__nope"\. Available tools: .*t__echo/);
    expect(h.audit()[0]).toMatchObject({ id: 'c1', server: null, tool: 't__nope', ok: false });
  });

  it('times a hanging call out and keeps serving', async () => {
    const h = await hub({ servers: [fixtureSpec('t')], callTimeoutMs: 400 });
    const out = await h.call('t__hang', {});
    expect(out.ok).toBe(false);
    expect(out.text).toContain('t__hang timed out after 400 ms');
    const override = await h.call('t__hang', {}, { timeoutMs: 250 });
    expect(override.text).toContain('timed out after 250 ms');
    expect((await h.call('t__echo', { text: 'still here' })).text).toBe('echo: still here');
    expect(h.health()[0]!.status).toBe('ready');
  });

  it('uses a per-server timeout from the launch spec', async () => {
    const h = await hub({ servers: [{ ...fixtureSpec('t'), callTimeoutMs: 300 }], callTimeoutMs: 60_000 });
    expect((await h.call('t__hang', {})).text).toContain('timed out after 300 ms');
  });
});

describe('hub: crashes and shutdown', () => {
  it('restarts a crashed server once, then marks it down', async () => {
    const rec = recorder();
    const h = await hub({ servers: [fixtureSpec('t'), fixtureSpec('other')], events: rec.sink });
    const firstPid = (await h.call('t__whoami', {})).text;

    const crash1 = await h.call('t__crash', {});
    expect(crash1.ok).toBe(false);
    expect(crash1.text).toContain('its server exited during the call');
    expect(crash1.text).toContain('restarted once');
    expect(crash1.text).toContain('crashing on purpose');

    // The next call waits for the restart and reaches a new process.
    const secondPid = await h.call('t__whoami', {});
    expect(secondPid.ok).toBe(true);
    expect(secondPid.text).not.toBe(firstPid);
    expect(h.health()[0]).toMatchObject({ name: 't', status: 'ready', restarts: 1 });

    const crash2 = await h.call('t__crash', {});
    expect(crash2.ok).toBe(false);
    await waitFor(() => h.health()[0]!.status === 'down', 'server t to be marked down');
    expect(h.health()[0]!.error).toContain('exited again after its restart');
    expect(h.listTools().some((t) => t.server === 't')).toBe(false);

    const after = await h.call('t__echo', { text: 'x' });
    expect(after.ok).toBe(false);
    expect(after.text).toContain('t__echo is unavailable: server "t" is down');
    // The other server is untouched.
    expect((await h.call('other__echo', { text: 'y' })).text).toBe('echo: y');
    const failures = rec.events.filter((e) => e.type === 'server_failed' && e.server === 't');
    expect(failures).toHaveLength(2);
  });

  it('kills its children on close', async () => {
    const h = await startHub({ servers: [fixtureSpec('a'), everythingSpec()] });
    const pids = h.health().map((s) => s.pid);
    expect(pids.every((p) => typeof p === 'number')).toBe(true);
    await h.close();
    for (const pid of pids) expect(processAlive(pid!)).toBe(false);
    expect(h.health().map((s) => s.status)).toEqual(['closed', 'closed']);
    const out = await h.call('a__echo', { text: 'x' });
    expect(out.ok).toBe(false);
  });

  it('keeps separate hubs separate (no shared state)', async () => {
    const one = await hub({ servers: [fixtureSpec('t')] });
    const two = await hub({ servers: [fixtureSpec('t')] });
    await one.call('t__echo', { text: '1' });
    await one.call('t__echo', { text: '2' });
    expect((await two.call('t__echo', { text: '3' })).id).toBe('c1');
    expect(two.audit()).toHaveLength(1);
  });
});
