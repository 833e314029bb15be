// rank() on hand-built findings: a refused certificate blames only a change touching certificates or that host, a config-only
// release setting numbers for a service whose CPU jumped is named; whose a release is (changeOf); credentials, certificates.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChangeFinding } from '../../src/rca/change-settings.js';
import { rank } from '../../src/rca/rank.js';
import { rejectsCertificate, rejectsCredentials } from '../../src/rca/signals.js';

// Imported by its own describe alone: a missing or broken module then fails only those cases, not the ranking ones.
let tunesService: typeof import('../../src/rca/change-settings.js').tunesService;
let changeOf: typeof import('../../src/rca/change-settings.js').changeOf;

import { change, condition, ctxFor } from './rank-findings.js';

describe('a refused certificate', () => {
  const ctx = ctxFor('payments-gw', ['payments-gw', 'checkout']);
  const expired = condition({
    condition: 'cert_auth',
    category: 'certificate_or_auth',
    service: 'payments-gw',
    confidence: 0.7,
    certificate: true,
    summary: 'payments-gw: x509: certificate has expired or is not yet valid',
  });
  const words = (over: Partial<ChangeFinding> = {}) =>
    change('aa11bb22cc33dd44', 'Retry the card-network handshake on login', 10, { relevance: 0.8, paths: ['payments-gw/src/network.go'], ...over });

  it('blames no change that only shares words with the errors: the certificate is the answer', () => {
    const c = words();
    const v = rank([expired, c], ctx);
    expect(v.best.suspect).toBeNull();
    expect(v.best.category).toBe('certificate_or_auth');
    expect(v.best.service).toBe('payments-gw');
    expect(v.others.some((h) => h.suspect?.sha === c.change.sha)).toBe(false);
  });

  it('blames the same change when it touched certificates, keys or trust', () => {
    const c = words({ security: true });
    const v = rank([expired, c], ctx);
    expect(v.best.suspect?.sha).toBe(c.change.sha);
    expect(v.best.category).toBe('certificate_or_auth');
    expect(v.best.service).toBe('payments-gw');
  });

  it('blames the same change when its changed lines name the host whose certificate is refused', () => {
    for (const mention of ['payments-gw', 'payments-gw.internal']) {
      const c = words({ mentions: [mention] });
      const v = rank([expired, c], ctx);
      expect(v.best.suspect?.sha, mention).toBe(c.change.sha);
      expect(v.best.category).toBe('certificate_or_auth');
    }
  });

  it('keeps blaming a word-matching change when a credential, not a certificate, is rejected', () => {
    const rejected = condition({ condition: 'cert_auth', category: 'certificate_or_auth', service: 'payments-gw', confidence: 0.7, certificate: false });
    const c = words();
    expect(rank([rejected, c], ctx).best.suspect?.sha).toBe(c.change.sha);
  });
});

describe('tunesService', () => {
  beforeAll(async () => {
    ({ tunesService } = await import('../../src/rca/change-settings.js'));
  });
  const tuned = (over: Partial<ChangeFinding> = {}) =>
    change('ee55ff66aa77bb88', 'Raise the password hashing cost', 2, {
      relevance: 0.05,
      configOnly: true,
      paths: ['auth-svc/config/auth.yaml'],
      hints: ['bcrypt_cost changed from 10 to 14'],
      ...over,
    });

  it('is true for a config-only change that set a number in that service\'s directory', () => {
    expect(tunesService(tuned(), 'auth-svc')).toBe(true);
    // Under a generic top directory, the service's folder beneath it.
    expect(tunesService(tuned({ paths: ['config/auth-svc/auth.yaml'] }), 'auth-svc')).toBe(true);
  });

  it("is false for another service's jump", () => {
    expect(tunesService(tuned(), 'profile-svc')).toBe(false);
    expect(tunesService(tuned(), null)).toBe(false);
  });

  it('is false for a code change, an inert change and a setting that is not a number', () => {
    expect(tunesService(tuned({ configOnly: false, paths: ['auth-svc/internal/hash.go'] }), 'auth-svc')).toBe(false);
    expect(tunesService(tuned({ configOnly: false }), 'auth-svc')).toBe(false);
    expect(tunesService(tuned({ inert: 'its diff changes only comments' }), 'auth-svc')).toBe(false);
    expect(tunesService(tuned({ hints: ['hash_algorithm changed from bcrypt to argon2id'] }), 'auth-svc')).toBe(false);
    expect(tunesService(tuned({ hints: [] }), 'auth-svc')).toBe(false);
  });
});

describe('changeOf', () => {
  beforeAll(async () => {
    ({ changeOf } = await import('../../src/rca/change-settings.js'));
  });
  const released = (ref: string) => {
    const c = change('ab12cd34ef56ab78', 'Drop unused indexes', 5, { paths: ['migrations/drop.js'] });
    return { ...c, change: { ...c.change, ref } };
  };

  it("reads the release tag's prefix as the git server does: the service it names, not one its name only contains", () => {
    expect(changeOf(released('orders-svc-v2.14.0'), 'orders-svc')).toBe(true);
    expect(changeOf(released('auth-svc/v6.1.0'), 'auth-svc')).toBe(true);
    expect(changeOf(released('@acme/cart@1.4.0'), 'cart')).toBe(true);
    expect(changeOf(released('orders-svc-v2.14.0'), 'orders')).toBe(false);
    expect(changeOf(released('storefront-web-3.9.0'), 'web')).toBe(false);
  });
});

describe("a service's CPU jumping as a config-only release went live", () => {
  const ctx = ctxFor('gateway', ['gateway', 'auth-svc']);
  const jumped = condition({
    condition: 'saturation',
    category: 'resource_exhaustion',
    service: 'auth-svc',
    confidence: 0.3,
    leads: false,
    summary: 'auth-svc: process_cpu_seconds_total (per second) jumped from 0.2 to 1.9 and stays near 2',
  });
  const setting = change('ee55ff66aa77bb88', 'Raise the password hashing cost', 2, {
    relevance: 0.05,
    matched: [],
    configOnly: true,
    paths: ['auth-svc/config/auth.yaml'],
    hints: ['bcrypt_cost changed from 10 to 14'],
  });
  const wording = change('1234567890abcdef', 'Return 504 on slow login upstreams', 20, { relevance: 0.6, matched: ['login', '504'], paths: ['gateway/src/login.go'] });

  it('names the release that set the number, over a change that only shares words with the errors', () => {
    const v = rank([jumped, setting, wording], ctx);
    expect(v.best.suspect?.sha).toBe(setting.change.sha);
    expect(v.best.category).toBe('config_error');
    expect(v.best.service).toBe('auth-svc');
    expect(v.best.summary).toContain('bcrypt_cost changed from 10 to 14');
  });

  it('does not name it for a jump in another service', () => {
    const v = rank([{ ...jumped, service: 'profile-svc' }, setting, wording], ctx);
    expect(v.best.suspect?.sha).not.toBe(setting.change.sha);
  });
});

describe('rejected credentials and certificates', () => {
  it('reads a timed-out login as slowness, a stated reason as a rejected credential', () => {
    expect(rejectsCredentials('login failed: context deadline exceeded')).toBe(false);
    expect(rejectsCredentials('login failed: i/o timeout')).toBe(false);
    expect(rejectsCredentials('login failed: invalid password')).toBe(true);
  });

  it('reads an expired certificate as refused, a handshake that timed out as not', () => {
    expect(rejectsCertificate('x509: certificate has expired or is not yet valid')).toBe(true);
    expect(rejectsCertificate('x509: certificate has expired')).toBe(true);
    expect(rejectsCertificate('net/http: TLS handshake timeout')).toBe(false);
  });
});
