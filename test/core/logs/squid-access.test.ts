// Squid's native access.log (logformat squid): read with its epoch time, a level from the status Squid answered and the
// destination host in the message, so each destination keeps a template of its own; other epoch-stamped lines are not it.
import { describe, expect, it } from 'vitest';
import { parseSquidLine } from '../../../src/core/logs/access-log.js';
import { parseAnyStamped } from '../../../src/core/logs/text-formats.js';
import { tokenize } from '../../../src/core/logs/miner/mask.js';
import { entriesOf } from './entry-helpers.js';

const REF = Date.parse('2026-12-28T14:41:00Z');
const TUNNEL = '1798467660.095   1881 10.20.4.7 TCP_TUNNEL/200 28382 CONNECT api.postmarkapp.com:443 - HIER_DIRECT/50.31.156.6 -';
const DENIED = '1798467683.966      0 10.20.3.57 TCP_DENIED/403 3922 CONNECT api.shipengine.com:443 - HIER_NONE/- text/html';
const MISS = '1798467690.120    212 10.20.7.19 TCP_MISS/200 5120 GET http://mirror.example.org/debian/dists/bookworm/Release - HIER_DIRECT/151.101.2.132 text/plain';
const BAD_GATEWAY = '1798467691.500  30001 10.20.7.19 TCP_MISS/503 4112 GET http://mirror.example.org/x - HIER_DIRECT/151.101.2.132 text/html';

describe("Squid's native access.log", () => {
  it('reads the time, a warning for a denial and the destination host in the message', () => {
    expect(parseSquidLine(DENIED)).toMatchObject({
      time: 1798467683966,
      level: 'warn',
      service: null,
      message: 'CONNECT api.shipengine.com TCP_DENIED 403',
    });
    expect(parseSquidLine(DENIED)!.fields).toMatchObject({ client: '10.20.3.57', result: 'TCP_DENIED', status: 403, url: 'api.shipengine.com:443', host: 'api.shipengine.com', hierarchy: 'HIER_NONE' });
  });

  it("reads a tunnel as info, a plain request's host from its URL and a 503 as an error", () => {
    expect(parseSquidLine(TUNNEL)).toMatchObject({ level: 'info', message: 'CONNECT api.postmarkapp.com TCP_TUNNEL 200' });
    expect(parseSquidLine(MISS)).toMatchObject({ level: 'info', message: 'GET mirror.example.org TCP_MISS 200' });
    expect(parseSquidLine(BAD_GATEWAY)).toMatchObject({ level: 'error', message: 'GET mirror.example.org TCP_MISS 503' });
  });

  it('keeps the host through template masking, where host:port would be masked', () => {
    expect(tokenize(parseSquidLine(DENIED)!.message)).toContain('api.shipengine.com');
    expect(tokenize('CONNECT api.shipengine.com:443')).not.toContain('api.shipengine.com:443');
  });

  it('leaves other epoch-stamped lines to the stamped parser', () => {
    const other = '1798467683.966 ERROR worker: CONNECT api.shipengine.com:443 failed';
    expect(parseSquidLine(other)).toBeNull();
    expect(parseAnyStamped(other, REF)).toMatchObject({ time: 1798467683966, level: 'error' });
    expect(parseAnyStamped(DENIED, REF)?.message).toBe('CONNECT api.shipengine.com TCP_DENIED 403');
  });

  it('is read so from a file, its service the file name (without its -access: the proxy itself)', async () => {
    const { entries } = await entriesOf('squid-access.log', [TUNNEL, DENIED, MISS], REF);
    expect(entries.map((e) => [e.level, e.service, e.message])).toEqual([
      ['info', 'squid', 'CONNECT api.postmarkapp.com TCP_TUNNEL 200'],
      ['warn', 'squid', 'CONNECT api.shipengine.com TCP_DENIED 403'],
      ['info', 'squid', 'GET mirror.example.org TCP_MISS 200'],
    ]);
  });
});
