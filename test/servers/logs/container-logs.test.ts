// Kubernetes container log files as the kubelet lays them out, in the two runtime formats: CRI (containerd)
// around a Spring Boot service, Docker json-file around a Python one. Pod, namespace and workload come from the
// path; the app's own format is parsed under the wrapper, so a stack trace is one entry with its root cause.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorSignature, LogSource, SearchLogsResult } from '../../../src/core/evidence.js';
import { podIdentity, workloadOf } from '../../../src/core/logs/kubernetes.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { connect, tempDir } from './helpers.js';

const SHAPES = path.join(REPO_ROOT, 'fixtures', 'log-shapes');
const CRI_FILE = 'ts-order-service-7d9f8b6c5-x2x9q_train-ticket_ts-order-service-4c7a0d7f2b1e9c3a5d6f8e0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d.log';
const POD_DIR = 'online-boutique_recommendationservice-5b4c8c8d9f-qv7tx_0b7c3b1b-fdbb-4a5c-8e4f-1a2b3c4d5e6f';

async function cluster() {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'containers'));
  copyFileSync(path.join(SHAPES, 'spring-boot.cri.log'), path.join(dir, 'containers', CRI_FILE));
  mkdirSync(path.join(dir, 'pods', POD_DIR, 'server'), { recursive: true });
  copyFileSync(path.join(SHAPES, 'recommendation.docker.log'), path.join(dir, 'pods', POD_DIR, 'server', '0.log'));
  return { dir, ...(await connect({ sources: [dir], at: Date.parse('2026-03-01T10:30:00Z') })) };
}

describe('Kubernetes container log files', () => {
  it('list_sources names the runtime format, the app format underneath, and the pod, namespace and workload', async () => {
    const { call } = await cluster();
    const { sources } = (await call('list_sources')).json<{ sources: LogSource[] }>();
    const byName = Object.fromEntries(sources.map((s) => [path.basename(s.file), s]));
    expect(byName[CRI_FILE]).toMatchObject({
      runtime_format: 'cri',
      first_time: '2026-03-01T10:00:00.101Z',
      kubernetes: { pod: 'ts-order-service-7d9f8b6c5-x2x9q', namespace: 'train-ticket', container: 'ts-order-service', service: 'ts-order-service' },
    });
    expect(byName['0.log']).toMatchObject({
      runtime_format: 'docker',
      kubernetes: { pod: 'recommendationservice-5b4c8c8d9f-qv7tx', namespace: 'online-boutique', container: 'server', service: 'recommendationservice' },
    });
  });

  it('error_signatures: one entry per trace, the workload as service, its pod, and the root cause of the chain', async () => {
    const { call } = await cluster();
    const r = (await call('error_signatures', { since: '2026-03-01T10:00:00Z' })).json<{ signatures: Array<ErrorSignature & { example_fields?: Record<string, string> }> }>();
    const java = r.signatures.find((s) => s.services.includes('ts-order-service'))!;
    expect(java).toMatchObject({ count: 1, level: 'error', first_seen: '2026-03-01T10:03:41.870Z', pods: ['ts-order-service-7d9f8b6c5-x2x9q'], namespaces: ['train-ticket'] });
    expect(java.root_cause).toBe('java.net.ConnectException: Connection refused (Connection refused)');
    expect(java.exception_chain?.map((e) => e.split(':')[0])).toEqual([
      'org.springframework.transaction.CannotCreateTransactionException',
      'org.hibernate.exception.JDBCConnectionException',
      'com.mysql.cj.jdbc.exceptions.CommunicationsException',
      'java.net.ConnectException',
    ]);
    expect(java.example).toContain('Caused by: java.net.ConnectException');
    expect(java.example).not.toMatch(/std(?:err|out) [FP] /); // the runtime's framing is gone from the text
    expect(java.example_fields).toMatchObject({ pod: 'ts-order-service-7d9f8b6c5-x2x9q', namespace: 'train-ticket', container: 'ts-order-service' });

    const py = r.signatures.find((s) => s.services.includes('recommendationservice'))!;
    expect(py.template).toContain('ListRecommendations failed');
    expect(py.first_seen).toBe('2026-03-01T10:04:10.550Z');
    // Python prints the chain oldest first: the root cause is the first traceback's exception.
    expect(py.root_cause).toMatch(/^grpc\._channel\._InactiveRpcError: /);
    expect(py.exception_chain).toEqual(['recommendation.errors.CatalogUnavailable: product catalog unavailable', py.root_cause]);
  });

  it('search_logs gives the pod and namespace with each match, and the trace as the app wrote it', async () => {
    const { call } = await cluster();
    const r = (await call('search_logs', { pattern: 'Communications link failure' })).json<SearchLogsResult>();
    expect(r.total).toBe(1);
    expect(r.matches[0]).toMatchObject({ service: 'ts-order-service', pod: 'ts-order-service-7d9f8b6c5-x2x9q', namespace: 'train-ticket', level: 'error', line: 3 });
    expect(r.matches[0]!.message.split('\n')[1]).toMatch(/^org\.springframework\.transaction\.CannotCreateTransactionException/);
    const stats = (await call('log_stats', { since: '2026-03-01T10:00:00Z', bucket: '1h' })).json<{ buckets: Array<{ by_service: Record<string, number> }> }>();
    // 15 entries: 14 logging lines and the chained traceback folded into the ERROR above it.
    expect(stats.buckets.reduce((n, b) => n + (b.by_service['recommendationservice'] ?? 0), 0)).toBe(15);
  });
});

describe('pod identity from paths', () => {
  it.each([
    ['checkout-7d9f8b6c5-x2x9q', 'checkout'],
    ['ts-order-service-6d5b7c9f8-bvx4z', 'ts-order-service'],
    ['kafka-2', 'kafka'],
    ['fluentd-x7k2p', 'fluentd'],
    ['nightly-report-28462140-mq7bz', 'nightly-report'],
    ['standalone', 'standalone'],
    // Off Kubernetes' alphabet but with a digit: a converted pod name still.
    ['frontend-a1b2c3d4e-abcde', 'frontend'],
    // Two words of a pod suffix's lengths and no digit: a service's own name (a store named by what it holds).
    ['home-timeline-redis', 'home-timeline-redis'],
    ['order-history-mongo', 'order-history-mongo'],
    ['home-timeline-redis-6b8f9c7d5-x2k4q', 'home-timeline-redis'],
    ['checkout-bcdfghjk-lmnpq', 'checkout'],
  ])('%s belongs to %s', (pod, workload) => {
    expect(workloadOf(pod)).toBe(workload);
  });

  it('reads both kubelet layouts and nothing else', () => {
    expect(podIdentity(`/var/log/containers/${CRI_FILE}`)).toMatchObject({ namespace: 'train-ticket', container: 'ts-order-service' });
    expect(podIdentity(`/var/log/pods/${POD_DIR}/server/3.log.20260301-101500.gz`)).toMatchObject({ pod: 'recommendationservice-5b4c8c8d9f-qv7tx', container: 'server' });
    expect(podIdentity('/var/log/nginx/error.log')).toBeNull();
    expect(podIdentity('/var/log/app/0.log')).toBeNull();
  });
});
