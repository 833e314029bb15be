// A Python websocket gateway whose pods moved to nodes of a new image: containerd there gives them RLIMIT_NOFILE 1024
// instead of 1048576 (process_max_fds falls pod by pod), and accept() fails with EMFILE; its own release 14 minutes
// before (a websockets upgrade whose words, socket and connection, are in the errors) is no cause.
import { describe, expect, it } from 'vitest';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, errorRate, signature, span } from './helpers.js';

const REL = 'b7e0c0ffee5e0d7a1e2b3c4d5e6f708192a3b4c5';
const pods = ['ws-gateway-7d4f9b8c6-h2xkq', 'ws-gateway-7d4f9b8c6-p7mzt', 'ws-gateway-7d4f9b8c6-w9rnc'];

const release = (diff = '-websockets==12.0\n+websockets==13.1  # socket ping every 20 s, permessage-deflate on\n', file = 'ws-gateway/requirements.txt') => {
  const c = commit(REL, 'ws-gateway: websockets 13 (socket ping every 20 s, connection compression)', BASE + (ONSET - 14) * MIN, [file]);
  return { deployments: [deployment('ws-gateway/v3.9.0', BASE + (ONSET - 14) * MIN, [c])], diffs: { [c.sha]: `--- a/${file}\n+++ b/${file}\n${diff}` } };
};
const errors = (template = 'OSError: [Errno 24] Too many open files') => [
  signature({ template: 'socket.accept() out of system resource', example: `socket.accept() out of system resource\nTraceback (most recent call last):\n  File "/usr/local/lib/python3.12/socket.py", line 295, in accept\n${template}`, service: 'ws-gateway', base: BASE, minutes: span(ONSET, 120, 30) }),
  signature({ template: `order <*>: could not subscribe to updates: ${template.includes('24') ? 'Error 24 connecting to redis:6379. Too many open files.' : 'Error 104 connecting to redis:6379. Connection reset by peer.'}`, service: 'ws-gateway', base: BASE, minutes: span(ONSET + 1, 120, 12) }),
];
/** Each pod's limit: 1048576 until it was moved (one every 7 minutes from `movedAt`), 1024 after; null: never moved. */
const limits = (movedAt: number | null) =>
  pods.map((pod, i) => samples('process_max_fds', { job: 'ws-gateway', pod }, (m) => (movedAt !== null && m >= movedAt + 7 * i ? 1024 : 1048576)));
const openFds = (movedAt: number | null) => pods.map((pod, i) => samples('process_open_fds', { job: 'ws-gateway', pod }, (m) => (movedAt !== null && m >= movedAt + 7 * i ? 1024 : 850 + ((m * 37) % 80))));
const world = (movedAt: number | null, opts: { template?: string; diff?: string; file?: string } = {}) =>
  bundleOf({ signatures: errors(opts.template), errorRates: [errorRate('ws-gateway', BASE, 120, ONSET)], series: [...limits(movedAt), ...openFds(movedAt)], ...release(opts.diff, opts.file) });

describe('an open-file limit lowered under a service', () => {
  it('names the lowered limit, with no commit, over the release that shares the errors\u2019 words', () => {
    const { findings, verdict } = analyze(world(ONSET - 1));
    const lowered = conditions(findings, 'fd_limit_lowered');
    expect(lowered).toHaveLength(1);
    expect(lowered[0]!.summary).toContain('fell from 1048576 to 1024');
    expect(verdict.best.service).toBe('ws-gateway');
    expect(verdict.best.category).toBe('resource_exhaustion');
    expect(verdict.best.suspect).toBeNull();
  });

  it('near miss: the limit never moved, or the errors are not about descriptors: no such finding', () => {
    expect(conditions(analyze(world(null)).findings, 'fd_limit_lowered')).toHaveLength(0);
    expect(conditions(analyze(world(ONSET - 1, { template: 'ConnectionResetError: [Errno 104] Connection reset by peer' })).findings, 'fd_limit_lowered')).toHaveLength(0);
    // Lowered an hour before the errors: the pods lived with it fine, it is not what began at the onset.
    expect(conditions(analyze(world(ONSET - 60)).findings, 'fd_limit_lowered')).toHaveLength(0);
  });

  it('leaves a release that set the limit itself (a ulimit in its manifest) to stand', () => {
    const { verdict } = analyze(world(ONSET - 1, { file: 'deploy/ws-gateway/deployment.yaml', diff: '-            nofile: 1048576\n+            nofile: 1024  # ulimit for the gateway\n' }));
    expect(verdict.best.suspect?.sha).toBe(REL);
  });
});
