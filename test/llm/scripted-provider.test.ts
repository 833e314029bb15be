// The scripted provider: recorded JSONL turns are validated with zod and replayed in order;
// bad lines are reported with their file and line number.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { createScriptedProvider, parseTurnsJsonl } from '../../src/llm/scripted-provider.js';
import { ProviderError } from '../../src/llm/provider.js';
import { TURNS_DIR, turns } from './fixtures.js';

describe('scripted provider', () => {
  it('every recorded fixture parses', () => {
    const files = readdirSync(TURNS_DIR).filter((f) => f.endsWith('.jsonl'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) expect(turns(f.replace(/\.jsonl$/, '')).length).toBeGreaterThan(0);
  });

  it('names the line and the field of a bad turn', () => {
    expect(() => parseTurnsJsonl('{"message":{"content":"ok"}}\n\n{"message":{"content":3}}', 'x.jsonl')).toThrow(/^x\.jsonl:3: /);
    expect(() => parseTurnsJsonl('{nope', 'y.jsonl')).toThrow('y.jsonl:1: not valid JSON');
  });

  it('replays turns in order, records requests, and fails clearly when the script runs out', async () => {
    const p = createScriptedProvider({ turns: parseTurnsJsonl('{"message":{"content":"one"}}\n{"error":{"kind":"timeout","message":"too slow"}}') });
    expect((await p.chat({ messages: [{ role: 'user', content: 'hi' }] })).message.content).toBe('one');
    await expect(p.chat({ messages: [] })).rejects.toMatchObject({ kind: 'timeout', message: 'too slow' });
    const exhausted = p.chat({ messages: [] });
    await expect(exhausted).rejects.toBeInstanceOf(ProviderError);
    await expect(exhausted).rejects.toMatchObject({ kind: 'script_exhausted' });
    expect(p.requests.map((r) => r.messages.length)).toEqual([1, 0, 0]);
  });
});

describe('scripted provider, concluding early', () => {
  it('a request with format skips unplayed tool turns to the turn marked final', async () => {
    const p = createScriptedProvider({
      turns: parseTurnsJsonl(['{"message":{"content":"","tool_calls":[{"function":{"name":"a","arguments":{}}}]}}', '{"message":{"content":"stop"}}', '{"message":{"content":"{}"},"final":true}'].join('\n')),
    });
    expect((await p.chat({ messages: [], format: { type: 'object' } })).message.content).toBe('{}');
    expect(p.remaining()).toBe(0);
  });
});
