// NestJS's ConsoleLogger without colours (and with them): the en-US date with U+202F or a space before AM/PM, the
// right-aligned level, the bracketed context as a logger (never the service), and the stack under an ERROR.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { connect } from '../../servers/logs/helpers.js';
import { entriesOf, iso } from './entry-helpers.js';

const AT = Date.parse('2026-11-04T12:00:00Z');
const NNBSP = '\u202f';

// As ConsoleLogger prints them: `[Nest] <pid>  - <Intl date>, <time> <LEVEL padded to 7> [<context>] <message>`.
const LINES = [
  `[Nest] 19  - 11/04/2026, 10:15:58${NNBSP}AM     LOG [NestFactory] Starting Nest application...`,
  `[Nest] 19  - 11/04/2026, 10:15:58${NNBSP}AM     LOG [RoutesResolver] UsersController {/users}: +2ms`,
  `[Nest] 19  - 11/04/2026, 10:16:00${NNBSP}AM   ERROR [ExceptionsHandler] Cannot read properties of undefined (reading 'email')`,
  "TypeError: Cannot read properties of undefined (reading 'email')",
  '    at UsersService.findOne (/usr/src/app/dist/users/users.service.js:31:27)',
  '    at async UsersController.findOne (/usr/src/app/dist/users/users.controller.js:24:16)',
  `[Nest] 19  - 11/04/2026, 1:05:07${NNBSP}PM    WARN [UsersController] GET /v1/users is deprecated, use /v2/users`,
  `[Nest] 19  - 11/04/2026, 12:00:01${NNBSP}AM   DEBUG [CacheService] cache miss for users:42`,
  `[Nest] 19  - 11/04/2026, 12:30:00${NNBSP}PM VERBOSE [CacheService] cache hit for users:7`,
  `[Nest] 19  - 11/04/2026, 10:16:09${NNBSP}AM   FATAL [Bootstrap] cannot connect to the database, exiting`,
];

describe('NestJS ConsoleLogger', () => {
  it('reads the local time (as UTC), the level and the context as a logger; the service is the file', () => {
    const parse = parserFor(detectFormat(LINES, AT), AT, '/var/log/users-api.log');
    const head = (l: string) => {
      const h = parse(l)!;
      return [iso(h.time), h.level, h.service, h.message, h.fields?.logger];
    };
    expect(head(LINES[0]!)).toEqual(['2026-11-04T10:15:58.000Z', 'info', 'users-api', 'Starting Nest application...', 'NestFactory']);
    // `timestamp: true` appends the time since the last line: not part of the message.
    expect(head(LINES[1]!)).toEqual(['2026-11-04T10:15:58.000Z', 'info', 'users-api', 'UsersController {/users}:', 'RoutesResolver']);
    expect(head(LINES[6]!)).toEqual(['2026-11-04T13:05:07.000Z', 'warn', 'users-api', 'GET /v1/users is deprecated, use /v2/users', 'UsersController']);
    expect(head(LINES[7]!)).toEqual(['2026-11-04T00:00:01.000Z', 'debug', 'users-api', 'cache miss for users:42', 'CacheService']);
    expect(head(LINES[8]!)).toEqual(['2026-11-04T12:30:00.000Z', 'trace', 'users-api', 'cache hit for users:7', 'CacheService']);
    expect(head(LINES[9]!)).toEqual(['2026-11-04T10:16:09.000Z', 'fatal', 'users-api', 'cannot connect to the database, exiting', 'Bootstrap']);
  });

  it('reads Node before 20 (a space before AM/PM), a 24-hour locale and a coloured line alike', () => {
    const parse = parserFor('stamped', AT);
    expect(parse('[Nest] 7  - 11/04/2026, 10:16:00 AM   ERROR [OrdersService] payment provider timed out')).toMatchObject({ time: Date.parse('2026-11-04T10:16:00Z'), level: 'error', message: 'payment provider timed out' });
    expect(parse('[Nest] 7  - 11/04/2026, 14:16:00     LOG [OrdersService] order 9 shipped')).toMatchObject({ time: Date.parse('2026-11-04T14:16:00Z'), level: 'info' });
    const coloured = `\x1b[31m[Nest] 7  - \x1b[39m11/04/2026, 10:16:00${NNBSP}AM \x1b[31m  ERROR\x1b[39m \x1b[33m[OrdersService] \x1b[39m\x1b[31mpayment provider timed out\x1b[39m`;
    expect(parse(coloured)).toMatchObject({ time: Date.parse('2026-11-04T10:16:00Z'), level: 'error', service: null, message: 'payment provider timed out', fields: { logger: 'OrdersService' } });
  });

  it('keeps the stack under an ERROR in its entry, and list_sources names the dialect', async () => {
    const { format, entries, file } = await entriesOf('users-api.log', LINES, AT);
    expect(format).toBe('stamped');
    expect(entries).toHaveLength(7);
    const error = entries[2]!;
    expect(error.level).toBe('error');
    expect(error.message.split('\n')).toHaveLength(4);
    expect(error.message).toContain('at UsersService.findOne');
    const { call } = await connect({ sources: [file], at: AT });
    const [source] = (await call('list_sources')).json<{ sources: Array<{ format: string; dialect?: string; first_time: string }> }>().sources;
    expect(source).toMatchObject({ format: 'plain', dialect: 'nestjs', first_time: '2026-11-04T10:15:58.000Z' });
  });
});
