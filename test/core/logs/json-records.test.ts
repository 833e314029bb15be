// JSON records of gateways and platform components, each with its own time and level: Kong's file-log (started_at,
// the response's status), Azure Application Gateway's access log (its envelope, httpStatus), etcd's zap JSON and a
// Kubernetes event exporter's events (a ReplicaSet's event is its Deployment's).
import { describe, expect, it } from 'vitest';
import { parseJsonLine } from '../../../src/core/logs/structured-formats.js';

describe('JSON records', () => {
  it("Kong's file-log: time from started_at, the response's status as the level, the request as the message", () => {
    const line = JSON.stringify({
      request: { method: 'GET', uri: '/api/catalog/products/42', url: 'https://shop.example.com:443/api/catalog/products/42', size: 412, querystring: {}, headers: { host: 'shop.example.com' } },
      upstream_uri: '/products/42',
      response: { status: 504, size: 210, headers: { 'content-type': 'application/json' } },
      route: { name: 'catalog-products', paths: ['/api/catalog'] },
      service: { name: 'catalog', host: 'catalog.shop.svc', port: 3000, protocol: 'http' },
      client_ip: '203.0.113.118',
      latencies: { kong: 1, proxy: 60000, request: 60001 },
      started_at: 1791295681961,
    });
    expect(parseJsonLine(line)).toMatchObject({ time: 1791295681961, level: 'error', message: 'GET /api/catalog/products/42 504', dialect: 'kong' });
  });

  it("Application Gateway's access log: the envelope's time, the properties' status as the level", () => {
    const rec = (status: number, timeKey = 'time') =>
      JSON.stringify({
        [timeKey]: '2026-03-18T12:04:14Z',
        resourceId: '/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG-SHOP/PROVIDERS/MICROSOFT.NETWORK/APPLICATIONGATEWAYS/AGW-SHOP',
        operationName: 'ApplicationGatewayAccess',
        category: 'ApplicationGatewayAccessLog',
        properties: { instanceId: 'appgw_1', clientIP: '198.51.100.7', clientPort: 40425, httpMethod: 'POST', requestUri: '/api/v1/basket/items', httpStatus: status, httpVersion: 'HTTP/2.0', timeTaken: 30.012, host: 'shop.example.com', serverRouted: '10.244.1.42:8080', serverStatus: String(status) },
      });
    expect(parseJsonLine(rec(502))).toMatchObject({ time: Date.parse('2026-03-18T12:04:14Z'), level: 'error', message: 'POST /api/v1/basket/items 502', dialect: 'azure:ApplicationGatewayAccessLog' });
    expect(parseJsonLine(rec(404, 'timeStamp'))).toMatchObject({ time: Date.parse('2026-03-18T12:04:14Z'), level: 'warn' });
    expect(parseJsonLine(rec(200))!.level).toBe('info');
  });

  it("etcd 3.5's zap JSON: level, time, the message; the caller is a source position, not a service", () => {
    expect(parseJsonLine('{"level":"warn","ts":"2026-03-12T03:12:26.382Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.234567s","expected-duration":"1s"}')).toMatchObject({
      time: Date.parse('2026-03-12T03:12:26.382Z'),
      level: 'warn',
      service: null,
      message: 'slow fdatasync',
    });
  });

  it("an event exporter's events: the last time, Warning as warn, a ReplicaSet's event its Deployment's", () => {
    const event = (kind: string, name: string, reason: string, message: string, type = 'Normal') =>
      JSON.stringify({
        metadata: { name: `${name}.17f1a2b3c4d5e6f7`, namespace: 'shop', creationTimestamp: '2026-03-18T11:58:00Z' },
        reason,
        message,
        source: { component: 'replicaset-controller' },
        firstTimestamp: '2026-03-18T11:58:00Z',
        lastTimestamp: '2026-03-18T12:04:14Z',
        count: 3,
        type,
        eventTime: null,
        reportingComponent: 'replicaset-controller',
        clusterName: 'prod-eu-1',
        involvedObject: { kind, namespace: 'shop', name, apiVersion: 'apps/v1' },
      });
    expect(parseJsonLine(event('ReplicaSet', 'basket-api-85f6c7d49', 'SuccessfulCreate', 'Created pod: basket-api-85f6c7d49-x2k4p'))).toMatchObject({
      time: Date.parse('2026-03-18T12:04:14Z'),
      level: 'info',
      service: 'basket-api',
      message: 'SuccessfulCreate: Created pod: basket-api-85f6c7d49-x2k4p',
    });
    expect(parseJsonLine(event('Pod', 'basket-api-85f6c7d49-x2k4p', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'Warning'))).toMatchObject({ level: 'warn', service: 'basket-api' });
  });
});
