// The validator our MCP clients and servers hand the SDK: the SDK's Ajv validator, built on first use, still
// accepts what a schema allows and rejects what it does not (tool output schemas of extra servers rely on it).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { lazySchemaValidator } from '../../src/core/schema-validator.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('lazySchemaValidator', () => {
  it('validates against the schema like the SDK default', () => {
    const check = lazySchemaValidator().getValidator<{ n: number }>({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
    expect(check({ n: 1 })).toMatchObject({ valid: true, data: { n: 1 } });
    const bad = check({ n: 'one' });
    expect(bad.valid).toBe(false);
    expect(bad.errorMessage).toMatch(/number/);
  });

  it('serves several schemas from one validator', () => {
    const v = lazySchemaValidator();
    expect(v.getValidator({ type: 'string' })('x').valid).toBe(true);
    expect(v.getValidator({ type: 'array' })('x').valid).toBe(false);
  });
});

describe('the validator in the SDK client, Ajv required on first use', () => {
  it("rejects an extra server's structured output that breaks its declared output schema", async () => {
    const server = new Server({ name: 'typed', version: '1.0.0' }, { capabilities: { tools: {} } });
    const outputSchema = { type: 'object' as const, properties: { count: { type: 'number' } }, required: ['count'] };
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: [{ name: 'count', inputSchema: { type: 'object' as const }, outputSchema }, { name: 'miscount', inputSchema: { type: 'object' as const }, outputSchema }],
    }));
    server.setRequestHandler(CallToolRequestSchema, async (req) => ({
      content: [{ type: 'text' as const, text: 'counted' }],
      structuredContent: req.params.name === 'count' ? { count: 3 } : { count: 'three' },
    }));
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'validating', version: '1.0.0' }, { jsonSchemaValidator: lazySchemaValidator() });
    await Promise.all([server.connect(a), client.connect(b)]);
    await client.listTools();
    expect((await client.callTool({ name: 'count', arguments: {} })).structuredContent).toEqual({ count: 3 });
    await expect(client.callTool({ name: 'miscount', arguments: {} })).rejects.toThrow(/output schema/i);
    await client.close();
  });
});

const BUNDLES = join(REPO_ROOT, 'dist', 'bundle');

describe.skipIf(!existsSync(join(BUNDLES, 'metrics-server.cjs')))('the bundles', () => {
  it("carry no Ajv of their own: the SDK's default validator is ours (esbuild.config.mjs)", () => {
    for (const f of readdirSync(BUNDLES).filter((n) => /\.[cm]js$/.test(n))) {
      expect(readFileSync(join(BUNDLES, f), 'utf8'), f).not.toMatch(/node_modules\/ajv\/dist\/ajv\.js/);
    }
  });
});
