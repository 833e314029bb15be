// Whose a program's lines are when the file is named for a deployment: nginx's error log names no site, so
// `edge-gateway-error.log` is edge-gateway's; syslog's `haproxy[214]:` in `pg-haproxy.log` is the haproxy deployed as
// pg-haproxy. Near misses: a generic file, a file of another name, a host's syslog of many programs stay per program.
import { describe, expect, it } from 'vitest';
import { parserFor } from '../../../src/core/logs/formats.js';
import { serviceInFile } from '../../../src/core/logs/file-service.js';
import { rank } from '../../../src/rca/rank.js';
import { change, ctxFor, ONSET } from '../../rca/rank-findings.js';

const AT = Date.parse('2026-11-16T10:30:00Z');
const NGINX = '2026/11/16 10:14:05 [info] 31#31: *912044 SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking, client: 10.20.3.41, server: 0.0.0.0:443';
const HAPROXY = 'Nov 16 10:14:20 lb-0 haproxy[214]: 10.0.2.32:40947 [16/Nov/2026:10:12:22.947] postgres_rw postgres_rw/pg-1 1/0/158000 453931 -- 40/40/39/13/0 0/0';
const SSHD = 'Nov 16 10:14:21 lb-0 sshd[880]: Accepted publickey for deploy from 10.0.9.4 port 50122 ssh2';

const serviceOf = (format: 'plain' | 'syslog', file: string, line: string) => parserFor(format, AT, file)(line)?.service;

describe("a program's lines in a file named for a deployment", () => {
  it("gives nginx's error lines the site its file is named after, and keeps nginx where the file names none", () => {
    expect(serviceOf('plain', '/var/log/nginx/edge-gateway-error.log', NGINX)).toBe('edge-gateway');
    expect(serviceOf('plain', '/var/log/nginx/error.log', NGINX)).toBe('nginx');
  });

  it('gives a syslog program the deployment its file names after it (pg-haproxy), and no other', () => {
    expect(serviceOf('syslog', '/var/log/pg-haproxy.log', HAPROXY)).toBe('pg-haproxy');
    expect(serviceOf('syslog', '/var/log/syslog', HAPROXY)).toBe('haproxy');
    // A host's file holds many programs: each keeps its own name.
    expect(serviceOf('syslog', '/var/log/lb-0.log', HAPROXY)).toBe('haproxy');
    expect(serviceOf('syslog', '/var/log/pg-haproxy.log', SSHD)).toBe('sshd');
  });

  it('takes the file only for a whole last word, not a shared ending or a name too short to be one', () => {
    expect(serviceInFile('haproxy', 'pg-haproxy')).toBe('pg-haproxy');
    expect(serviceInFile('proxy', 'pg-haproxy')).toBe('proxy');
    expect(serviceInFile('db', 'orders-db')).toBe('db');
  });
});

describe('the change named by the component its logs now carry', () => {
  // The client's errors (settlement-exporter) begin 25 s after a commit under edge-gateway/; the gateway is known
  // only from the file its nginx error lines come from.
  const gateway = change('649f5d32'.padEnd(40, '0'), 'edge-gateway: TLS 1.3 only on the public API', 25 / 60, {
    relevance: 0.5,
    matched: ['ssl', 'protocol'],
    configOnly: true,
    paths: ['edge-gateway/nginx/conf.d/api.conf'],
    change: { sha: '649f5d32'.padEnd(40, '0'), ref: 'edge-gateway/v1.31.0', message: 'edge-gateway: TLS 1.3 only on the public API', author: 'a <a@x>', time: new Date(ONSET - 25_000).toISOString() },
  });

  it('names the gateway when its lines are read as its own', () => {
    const v = rank([gateway], ctxFor('settlement-exporter', ['settlement-exporter', serviceOf('plain', 'edge-gateway-error.log', NGINX)!]));
    expect(v.best.suspect?.sha).toBe(gateway.change.sha);
    expect(v.best.service).toBe('edge-gateway');
  });

  it('near miss: a bystander gateway whose logs are known leaves a change in the client named for the client', () => {
    const client = change('9a9a9a9a'.padEnd(40, '0'), 'settlement-exporter: rebuild the SSL socket factory', 25 / 60, {
      relevance: 0.5,
      matched: ['ssl', 'protocol'],
      paths: ['settlement-exporter/src/main/java/PaymentsApiClient.java'],
    });
    const v = rank([client], ctxFor('settlement-exporter', ['settlement-exporter', serviceOf('plain', 'edge-gateway-error.log', NGINX)!]));
    expect(v.best.service).toBe('settlement-exporter');
  });
});
