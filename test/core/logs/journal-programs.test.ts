// journalctl -o short-iso-precise (and syslog lines): the host and pid as fields, the unit or program as the service
// (a script's without its extension), the kernel's own prefixes and a Kubernetes component's klog head read for level.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';

const AT = Date.parse('2026-10-06T16:00:00Z');

const JOURNAL = [
  '2026-03-12T03:09:30.486402+00:00 backup-1 systemd[1]: Starting nightly-backup.service - Nightly restic backup of /srv/data...',
  '2026-03-12T03:09:30.786002+00:00 backup-1 nightly-backup.sh[31877]: open repository',
  '2026-03-12T03:12:46.418426+00:00 backup-1 kernel: INFO: task jbd2/vdb-8:412 blocked for more than 120 seconds.',
  '2026-03-12T03:12:46.418457+00:00 backup-1 kernel:       Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1',
  '2026-03-12T03:13:02.100000+00:00 backup-1 kernel: WARNING: CPU: 3 PID: 412 at fs/ext4/inode.c:3642 ext4_set_page_dirty+0x3f/0x60',
  '2026-03-12T03:14:00.000001+00:00 backup-1 sshd[2201]: Accepted publickey for deploy from 10.0.0.4 port 50122 ssh2',
];

describe('journal and syslog programs', () => {
  it('short-iso-precise: time with its offset, host and pid as fields, the program as the service', () => {
    expect(detectFormat(JOURNAL, AT)).toBe('iso');
    const parse = parserFor('iso', AT);
    const h = JOURNAL.map((l) => parse(l)!);
    expect(h.map((x) => [new Date(x.time!).toISOString(), x.level, x.service, x.fields?.host, x.fields?.pid])).toEqual([
      ['2026-03-12T03:09:30.486Z', 'info', 'nightly-backup', 'backup-1', 1],
      ['2026-03-12T03:09:30.786Z', 'info', 'nightly-backup', 'backup-1', 31877],
      // The hung-task detector prints `INFO:` with pr_err: its level is the kernel's, not the word.
      ['2026-03-12T03:12:46.418Z', 'error', 'kernel', 'backup-1', undefined],
      ['2026-03-12T03:12:46.418Z', 'info', 'kernel', 'backup-1', undefined],
      ['2026-03-12T03:13:02.100Z', 'warn', 'kernel', 'backup-1', undefined],
      ['2026-03-12T03:14:00.000Z', 'info', 'sshd', 'backup-1', 2201],
    ]);
    expect(h[2]!.message).toBe('INFO: task jbd2/vdb-8:412 blocked for more than 120 seconds.');
  });

  it("kubelet's structured klog through journald: the klog severity and message, its pairs as fields", () => {
    const parse = parserFor('syslog', AT);
    const probe = parse(
      'Oct 06 14:12:26 ip-10-8-3-17 kubelet[2318]: I1006 14:12:26.195365    2318 prober.go:107] "Probe failed" probeType="Readiness" pod="shop/cart-6c8d7f9b5-m2n4p" containerName="cart" probeResult="failure" output="HTTP probe failed with statuscode: 503"',
    )!;
    expect(probe).toMatchObject({ time: Date.parse('2026-10-06T14:12:26Z'), level: 'info', service: 'kubelet', message: 'Probe failed', fields: { host: 'ip-10-8-3-17', pid: 2318, probeType: 'Readiness', containerName: 'cart' } });
    const err = parse('Oct 06 14:16:02 ip-10-8-2-21 kubelet[2301]: E1006 14:16:02.825775    2301 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"cart\\" with CrashLoopBackOff" pod="shop/cart-6c8d7f9b5-m2n4p"')!;
    expect(err).toMatchObject({ level: 'error', service: 'kubelet', message: 'Error syncing pod, skipping: failed to "StartContainer" for "cart" with CrashLoopBackOff' });
  });
});
