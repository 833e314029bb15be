// Token estimates, output cutting (JSON stays JSON) and the compact read-only tool offer:
// what decides the prompt-token cost of an investigation.
import { describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/core/tools.js';
import { cutToTokens, estimateTokens, requestTokens } from '../../src/llm/tokens.js';
import { buildToolOffer, shorten, toChatTool } from '../../src/llm/tool-offer.js';

const spec = (over: Partial<ToolSpec>): ToolSpec => ({
  name: 'logs__search_logs', server: 'logs', tool: 'search_logs', readOnly: true, destructive: false,
  description: 'Finds log entries whose text matches a pattern, e.g. a request id. Use it for details.',
  inputSchema: {
    $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false, required: ['pattern'],
    properties: {
      pattern: { type: 'string', description: 'Text to find (substring), or /regex/' },
      level: { type: 'string', enum: ['warn', 'error'], description: 'Minimum level: "error" returns error and fatal' },
      since: { type: 'string', description: 'Start of the range: ISO-8601 (2025-03-04T10:15:00Z) or relative' },
      limit: { type: 'integer', minimum: 1, maximum: 500 },
    },
  },
  ...over,
});

describe('tokens', () => {
  it('estimates ~4 characters per token over message texts, tool calls, tools and format', () => {
    expect(estimateTokens('12345678')).toBe(2);
    const base = requestTokens({ messages: [{ role: 'user', content: 'x'.repeat(84) }] });
    expect(base).toBe(25); // (84 + 16 framing) / 4
    expect(requestTokens({ messages: [{ role: 'user', content: 'x'.repeat(84) }], format: { type: 'object' } })).toBe(30); // + 17 characters of schema, rounded up
  });

  it('cuts JSON output to valid JSON with a note, and plain text at a line with a note', () => {
    const json = JSON.stringify({ matches: Array.from({ length: 200 }, (_, i) => ({ line: i, message: `timeout number ${i}` })) });
    const cut = cutToTokens(json, 100);
    expect(cut.cut).toBe(true);
    const parsed = JSON.parse(cut.text) as { matches: unknown[]; truncated: string };
    expect(parsed.matches.length).toBeLessThan(200);
    expect(parsed.truncated).toMatch(/output cut to ~100 tokens; narrow the query/);
    const text = Array.from({ length: 100 }, (_, i) => `line ${i} of a plain log`).join('\n');
    const plain = cutToTokens(text, 50);
    expect(plain.text).toMatch(/^line 0 of a plain log\n[\s\S]*\n… \[output cut to ~50 tokens of \d+; narrow the query/);
    expect(cutToTokens('short', 50)).toEqual({ text: 'short', cut: false });
  });
});

describe('tool offer', () => {
  it('offers read-only tools only and remembers the mutating ones to refuse', () => {
    const offer = buildToolOffer([
      spec({}),
      spec({ name: 'docker__restart_container', server: 'docker', tool: 'restart_container', readOnly: false, destructive: true }),
      spec({ name: 'docker__odd', readOnly: true, destructive: true }),
    ]);
    expect(offer.tools.map((t) => t.function.name)).toEqual(['logs__search_logs']);
    expect([...offer.mutating]).toEqual(['docker__restart_container', 'docker__odd']);
  });

  it('compacts a tool: first sentence, argument names, types, enums and required kept, schema noise dropped', () => {
    expect(toChatTool(spec({}))).toEqual({
      type: 'function',
      function: {
        name: 'logs__search_logs',
        description: 'Finds log entries whose text matches a pattern, e.g. a request id.',
        parameters: {
          type: 'object',
          properties: {
            pattern: { type: 'string', description: 'Text to find' },
            level: { type: 'string', enum: ['warn', 'error'], description: 'Minimum level' },
            since: { type: 'string' },
            limit: { type: 'integer' },
          },
          required: ['pattern'],
        },
      },
    });
    expect(shorten('A very long first sentence that goes on and on without end', 30)).toBe('A very long first sentence…');
  });
});
