// The pure path check behind read_logs: only configured files, never `..`, unique names accepted.
import { describe, expect, it } from 'vitest';
import { checkRequestedFile } from '../../../servers/logs/path-safety.js';

const FILES = ['/var/log/app/orders.log', '/var/log/app/billing.log', '/srv/other/orders.log'];

describe('checkRequestedFile', () => {
  it('accepts a configured absolute path', () => {
    expect(checkRequestedFile('/var/log/app/billing.log', FILES, '/')).toEqual({ ok: true, file: '/var/log/app/billing.log' });
  });

  it('accepts a unique bare file name', () => {
    expect(checkRequestedFile('billing.log', FILES, '/tmp')).toEqual({ ok: true, file: '/var/log/app/billing.log' });
  });

  it('refuses an ambiguous name and says to pass the full path', () => {
    const r = checkRequestedFile('orders.log', FILES, '/tmp');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('full path');
  });

  it.each(['../app/billing.log', '/var/log/app/../app/billing.log', 'app/..\\billing.log'])('refuses %s with ..', (p) => {
    const r = checkRequestedFile(p, FILES, '/var/log/app');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('..');
  });

  it('refuses a file outside the sources', () => {
    const r = checkRequestedFile('/etc/passwd', FILES, '/');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('list_sources');
  });

  it('refuses NUL bytes and empty names', () => {
    expect(checkRequestedFile('billing.log\0x', FILES, '/').ok).toBe(false);
    expect(checkRequestedFile('  ', FILES, '/').ok).toBe(false);
  });
});
