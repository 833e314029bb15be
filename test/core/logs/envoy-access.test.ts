// Envoy's (and Istio sidecars') default access log: read with its time, a level from the status and its response flags
// spelled out; the authority stays a field, since in the message it read as a failing system the service called.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { parseEnvoyLine } from '../../../src/core/logs/access-log.js';
import { parseAnyStamped } from '../../../src/core/logs/text-formats.js';

const REF = Date.parse('2026-10-21T04:00:00Z');
const line = (request: string, status: number, flags: string, upstream = '-', at = '2026-10-21T03:12:00.035Z') =>
  `[${at}] "${request}" ${status} ${flags} 0 312 2 ${upstream} "-" "okhttp/4.12.0" "3253fdaa-5f1e-4c4b-9a57-0c8d3f0e2b11" "collector.example.com" "-"`;
const UH = line('POST /v2/events HTTP/1.1', 503, 'UH');
const UO = line('POST /v2/events HTTP/1.1', 503, 'UO', '-', '2026-10-21T03:12:01.500Z');
const OK = line('GET /v2/health HTTP/1.1', 200, '-', '1', '2026-10-21T03:11:58.002Z');
const LIMITED = line('POST /v2/events HTTP/1.1', 429, 'RL', '-', '2026-10-21T03:12:02.000Z');

describe('Envoy default access log', () => {
  it('reads the time, an error from a 5xx and spells out the response flag; the authority is a field only', () => {
    const h = parseEnvoyLine(UH);
    expect(h).toMatchObject({ time: Date.parse('2026-10-21T03:12:00.035Z'), level: 'error', service: null, message: '"POST /v2/events" 503 UH (no healthy upstream)' });
    expect(h!.fields).toMatchObject({ method: 'POST', path: '/v2/events', status: 503, response_flags: 'UH', authority: 'collector.example.com' });
    expect(h!.message).not.toContain('collector.example.com');
  });

  it('says what UO means, warns on a 4xx and reads a 200 with no flags as info', () => {
    expect(parseEnvoyLine(UO)?.message).toBe('"POST /v2/events" 503 UO (upstream overflow (circuit breaking))');
    expect(parseEnvoyLine(LIMITED)).toMatchObject({ level: 'warn', message: '"POST /v2/events" 429 RL (rate limited)' });
    expect(parseEnvoyLine(OK)).toMatchObject({ time: Date.parse('2026-10-21T03:11:58.002Z'), level: 'info', service: null, message: '"GET /v2/health" 200' });
  });

  it('leaves other bracketed lines to the stamped parser', () => {
    const other = '[2026-10-21T03:12:00.035Z] ERROR collector: "POST /v2/events" failed';
    expect(parseEnvoyLine(other)).toBeNull();
    expect(parseEnvoyLine('[2026-10-21 03:12:00] "GET /x HTTP/1.1" went wrong')).toBeNull();
    expect(parseAnyStamped(other, REF)).toMatchObject({ time: Date.parse('2026-10-21T03:12:00.035Z'), level: 'error' });
  });

  it('is read by the stamped parser a file of it is detected as, with the same heads', () => {
    const sample = [OK, UH, UO, LIMITED, OK];
    const parse = parserFor(detectFormat(sample, REF), REF);
    const heads = sample.map((l) => parse(l));
    expect(heads.map((h) => h?.level)).toEqual(['info', 'error', 'error', 'warn', 'info']);
    expect(heads[1]).toMatchObject({ time: Date.parse('2026-10-21T03:12:00.035Z'), service: null, message: '"POST /v2/events" 503 UH (no healthy upstream)' });
    expect(heads[1]!.fields).toMatchObject({ authority: 'collector.example.com' });
    expect(heads.some((h) => h?.message.includes('collector.example.com'))).toBe(false);
    expect(parseAnyStamped(UO, REF)?.message).toBe('"POST /v2/events" 503 UO (upstream overflow (circuit breaking))');
  });
});
