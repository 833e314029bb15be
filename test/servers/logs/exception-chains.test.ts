// Exception chains as evidence: a Java trace whose root cause sits past 150 frames, Python's chained tracebacks
// (root cause first), .NET inner exceptions. error_signatures names the root cause and the example keeps it.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../../src/core/evidence.js';
import { exceptionChain } from '../../../servers/logs/exceptions.js';
import { connect, tempDir } from './helpers.js';

const frames = (n: number, cls: string) => Array.from({ length: n }, (_, i) => `\tat ${cls}.step${i}(${cls.split('.').pop()}.java:${100 + i})`);

const JAVA = [
  '2026-03-01T10:00:00.000Z INFO [payments] started',
  '2026-03-01T10:05:00.000Z ERROR [payments] charge failed for order 42',
  'com.acme.payments.ChargeException: charge failed for order 42',
  ...frames(120, 'com.acme.payments.ChargeService'),
  'Caused by: com.acme.gateway.GatewayException: provider rejected the request',
  ...frames(40, 'com.acme.gateway.Client'),
  'Caused by: javax.net.ssl.SSLHandshakeException: PKIX path building failed: unable to find valid certification path to requested target',
  '\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)',
  '\t... 160 more',
  '2026-03-01T10:05:01.000Z INFO [payments] healthy',
].join('\n');

const PYTHON = [
  '2026-03-01 10:05:00,000 ERROR worker.tasks: task sync_inventory failed',
  'Traceback (most recent call last):',
  '  File "/app/worker/redis_client.py", line 12, in get',
  '    return self.conn.get(key)',
  "ConnectionRefusedError: [Errno 111] Connection refused",
  '',
  'During handling of the above exception, another exception occurred:',
  '',
  'Traceback (most recent call last):',
  '  File "/app/worker/tasks.py", line 40, in sync_inventory',
  '    stock = cache.get("stock")',
  'redis.exceptions.ConnectionError: Error 111 connecting to cache:6379. Connection refused.',
  '2026-03-01 10:05:02,000 INFO worker.tasks: task sync_prices done',
].join('\n');

async function signatures(file: string, text: string): Promise<ErrorSignature[]> {
  const dir = tempDir({ [file]: `${text}\n` });
  const { call } = await connect({ sources: [dir], at: Date.parse('2026-03-01T10:30:00Z') });
  return (await call('error_signatures', { since: '2026-03-01T10:00:00Z' })).json<{ signatures: ErrorSignature[] }>().signatures;
}

describe('exception chains through error_signatures', () => {
  it('Java: the last Caused by is the root cause, even 160 frames down, and the example keeps it', async () => {
    const [sig] = await signatures('payments.log', JAVA);
    expect(sig).toMatchObject({ services: ['payments'], count: 1 });
    expect(sig!.root_cause).toBe('javax.net.ssl.SSLHandshakeException: PKIX path building failed: unable to find valid certification path to requested target');
    expect(sig!.exception_chain?.map((e) => e.split(':')[0])).toEqual(['com.acme.payments.ChargeException', 'com.acme.gateway.GatewayException', 'javax.net.ssl.SSLHandshakeException']);
    expect(sig!.example.length).toBeLessThan(1000);
    expect(sig!.example).toContain('Caused by: javax.net.ssl.SSLHandshakeException');
  });

  it('Python: chained tracebacks print the root cause first', async () => {
    const [sig] = await signatures('worker.log', PYTHON);
    expect(sig!.services).toEqual(['worker']);
    expect(sig!.root_cause).toBe('ConnectionRefusedError: [Errno 111] Connection refused');
    expect(sig!.exception_chain).toEqual(['redis.exceptions.ConnectionError: Error 111 connecting to cache:6379. Connection refused.', 'ConnectionRefusedError: [Errno 111] Connection refused']);
  });

  it('an error without an exception has no root cause', async () => {
    const [sig] = await signatures('api.log', '2026-03-01T10:05:00.000Z ERROR [api] upstream returned 503');
    expect(sig!.root_cause).toBeUndefined();
    expect(sig!.exception_chain).toBeUndefined();
  });
});

describe('exceptionChain', () => {
  it('reads .NET inner exceptions and Spring\'s "with root cause"', () => {
    const dotnet = exceptionChain(
      'Unhandled exception\nSystem.InvalidOperationException: Could not load orders\n ---> Npgsql.NpgsqlException (0x80004005): Failed to connect to 10.0.0.5:5432\n ---> System.Net.Sockets.SocketException (111): Connection refused\n   at Npgsql.Internal.NpgsqlConnector.Connect()',
    );
    expect(dotnet?.root).toBe('System.Net.Sockets.SocketException (111): Connection refused');
    expect(dotnet?.chain).toHaveLength(3);
    const spring = exceptionChain('Servlet.service() for servlet [dispatcherServlet] threw exception [...] with root cause\njava.net.SocketTimeoutException: Read timed out\n\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)');
    expect(spring?.root).toBe('java.net.SocketTimeoutException: Read timed out');
    expect(exceptionChain('GET /api/cart 200 17ms')).toBeNull();
  });
});
