// MCP tool steps through the ToolCaller interface: a tiny McpServer defined here, reached with a real SDK
// Client over InMemoryTransport; isError results fail the step, typed params reach tool arguments.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { serverOf, toolOf, type ToolCaller, type ToolCallOutcome } from '../../src/core/tools.js';
import { executeRunbook } from '../../src/runbook/executor.js';
import { resolveParams } from '../../src/runbook/params.js';
import { runbookFrom } from './helpers.js';

interface Box {
  memory: string;
  restarts: number;
  healthy: boolean;
}

async function dockerLike(box: Box): Promise<ToolCaller & { calls: Array<{ tool: string; args: Record<string, unknown> }> }> {
  const server = new McpServer({ name: 'docker', version: '0.0.0' });
  server.registerTool('health_check', { description: 'health', inputSchema: { container: z.string() } }, async ({ container }) => ({
    content: [{ type: 'text', text: JSON.stringify({ container, verdict: box.healthy ? 'healthy' : 'unhealthy', restart_count: box.restarts, memory: box.memory }) }],
  }));
  server.registerTool('update_resources', { description: 'limits', inputSchema: { container: z.string(), memory: z.string() } }, async ({ memory }) => {
    box.memory = memory;
    return { content: [{ type: 'text', text: JSON.stringify({ memory }) }] };
  });
  server.registerTool('restart_container', { description: 'restart', inputSchema: { container: z.string(), stop_timeout: z.number() } }, async ({ container }) => {
    if (container === 'ghost') return { isError: true, content: [{ type: 'text', text: `no such container: ${container}` }] };
    box.restarts++;
    box.healthy = true;
    return { content: [{ type: 'text', text: JSON.stringify({ restarted: container }) }] };
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '0.0.0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  onTestFinished(async () => {
    await client.close();
    await server.close();
  });
  const calls: Array<{ tool: string; args: Record<string, unknown> }> = [];
  let n = 0;
  return {
    calls,
    listTools: () => [],
    reserveIds: (count: number) => Array.from({ length: count }, () => `c${++n}`),
    async call(tool, args): Promise<ToolCallOutcome> {
      calls.push({ tool, args });
      const [srv, name] = [serverOf(tool), toolOf(tool)];
      if (srv !== 'docker') return { id: `c${++n}`, tool, args, ok: false, text: `unknown server ${srv}`, ms: 0, bytes: 0 };
      const res = await client.callTool({ name, arguments: args });
      const text = (res.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
      return { id: `c${++n}`, tool, args, ok: res.isError !== true, text, ms: 0, bytes: text.length };
    },
  };
}

const oom = `id: RB-OOM
title: OOM
params:
  - name: container
    pattern: '^[a-z]+$'
  - name: memory
    default: 1g
  - name: stop_timeout
    type: number
    default: 5
capture:
  - name: restarts
    tool: docker__health_check
    args: { container: '{{ params.container }}' }
    parse: number
    path: $.restart_count
steps:
  - id: raise
    tool: docker__update_resources
    args: { container: '{{ params.container }}', memory: '{{ params.memory }}' }
    mutating: true
  - id: restart
    tool: docker__restart_container
    args: { container: '{{ params.container }}', stop_timeout: '{{ params.stop_timeout }}' }
    mutating: true
verify:
  within: 1s
  interval: 10ms
  checks:
    - name: healthy
      tool: docker__health_check
      args: { container: '{{ params.container }}' }
      expect: { json: { path: $.verdict, equals: healthy } }
rollback:
  - id: restore
    when: steps.raise.success
    tool: docker__update_resources
    args: { container: '{{ params.container }}', memory: 512m }
    mutating: true
`;

describe('tool steps', () => {
  it('calls tools with rendered, typed arguments and verifies through a tool', async () => {
    const box: Box = { memory: '512m', restarts: 0, healthy: false };
    const tools = await dockerLike(box);
    const rb = runbookFrom(oom);
    const result = await executeRunbook({ runbook: rb, version: 1, params: resolveParams(rb, { container: 'checkout' }), yes: true, tools: async () => tools });
    expect(result.status).toBe('success');
    expect(result.verification_passed).toBe(true);
    expect(tools.calls.find((c) => c.tool === 'docker__restart_container')?.args).toEqual({ container: 'checkout', stop_timeout: 5 });
    expect(box).toEqual({ memory: '1g', restarts: 1, healthy: true });
    expect(result.state_diff).toEqual({ restarts: '+1' });
    expect(result.executed_steps.map((s) => [s.step_id, s.kind, s.success, s.exit_code])).toEqual([
      ['raise', 'tool', true, null],
      ['restart', 'tool', true, null],
    ]);
  });

  it('fails the step on an isError result, keeps the tool text, and rolls back', async () => {
    const box: Box = { memory: '512m', restarts: 0, healthy: false };
    const tools = await dockerLike(box);
    const rb = runbookFrom(oom.replace('  - name: memory', () => '    default: ghost\n  - name: memory'));
    const result = await executeRunbook({ runbook: rb, version: 1, params: resolveParams(rb, {}), yes: true, tools: async () => tools });
    expect(result.status).toBe('failure');
    expect(result.error_step).toBe(2);
    expect(result.executed_steps[1]).toMatchObject({ success: false, stdout: 'no such container: ghost', error: 'tool docker__restart_container failed: no such container: ghost' });
    expect(result.rollback_steps.map((s) => [s.step_id, s.success])).toEqual([['restore', true]]);
    expect(box.memory).toBe('512m');
  });

  it('fails a tool step clearly when no hub is available', async () => {
    const rb = runbookFrom('id: RB-N\ntitle: N\nsteps:\n  - id: t\n    tool: docker__health_check\n    args: { container: x }\n');
    const result = await executeRunbook({ runbook: rb, version: 1, params: {}, yes: false });
    expect(result.executed_steps[0].error).toBe('no MCP hub available for tool docker__health_check');
  });
});
