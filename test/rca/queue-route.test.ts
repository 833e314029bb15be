// A worker pool all busy after a change moved a kind of job into its shared queue (RQ: imports folded into default,
// a bulk import's chunks on every worker while password-reset mails wait): that change, and not a release that timed.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import { routedQueue } from '../../src/rca/queue-route.js';
import { rank } from '../../src/rca/rank.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { signature, span } from './helpers.js';
import { change, condition, ctxFor, ONSET } from './rank-findings.js';

const RQ_DIFF = `diff --git a/app/imports.py b/app/imports.py
--- a/app/imports.py
+++ b/app/imports.py
@@ -1,3 +1,3 @@
 from rq import Queue
 
-imports_q = Queue("imports", connection=redis, default_timeout=1800)
+imports_q = Queue("default", connection=redis, default_timeout=1800)`;

const TIMEOUT = '[Job 6cfba27e-c991-67e6-46ed-cca8205f71a2]: exception raised while executing (app.imports.process_chunk)';

function sig(service: string, example: string): RelatedSignature {
  const s: ErrorSignature = { ...signature({ template: example, example, service, base: ONSET, minutes: span(29, 40) }), new: true };
  return { sig: s, service, pre: 0, post: 3, isNew: true, weight: 0.1 };
}

describe('jobs moved into a shared queue', () => {
  it('reads the queue a diff moved jobs into, and not a changed timeout, a count, or a name outside a queue', () => {
    expect(routedQueue(RQ_DIFF)).toMatchObject({ from: 'imports', to: 'default' });
    expect(routedQueue("-    'app.imports.*': {'queue': 'imports'},\n+    'app.imports.*': {'queue': 'default'},")).toMatchObject({ from: 'imports', to: 'default' });
    expect(routedQueue('-  sidekiq_options queue: :imports, retry: 3\n+  sidekiq_options queue: :default, retry: 3')).toMatchObject({ from: 'imports', to: 'default' });
    expect(routedQueue('-imports_q = Queue("imports", default_timeout=1800)\n+imports_q = Queue("imports", default_timeout=3600)')).toBeNull();
    expect(routedQueue('-log = logging.getLogger("imports")\n+log = logging.getLogger("default")')).toBeNull();
  });

  const ctx = { ...ctxFor('accounts-web', ['accounts-web', 'jobs-worker', 'notifier']), related: [sig('jobs-worker', TIMEOUT)] };
  const busy = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'accounts-web', confidence: 0.3, metric: 'rq_workers', leads: false });
  const merge = change('2c04e3189dfa', 'workers: one deployment for all jobs, saves the idle imports pods', 35, {
    relevance: 0.05,
    matched: [],
    paths: ['app/imports.py', 'deploy/jobs-worker/deployment.yaml'],
    routes: routedQueue(RQ_DIFF)!,
  });
  merge.change.ref = 'jobs-worker/v1.18.0';
  const ses = change('c1c8c0237e75', 'notifier: send through the SES v2 API instead of Postmark', 7, { relevance: 0.1, paths: ['notifier/internal/send/ses.go'] });

  it('names the change that moved the jobs holding every worker, as a config error of the worker', () => {
    const v = rank([merge, ses, busy], ctx);
    expect(v.best.suspect?.sha).toBe(merge.change.sha);
    expect(v.best).toMatchObject({ category: 'config_error', service: 'jobs-worker' });
    expect(v.best.summary).toContain('into default');
  });

  it('leaves the ranking alone when the busy workers run another kind of job, or no pool is busy', () => {
    const other = { ...ctx, related: [sig('jobs-worker', TIMEOUT.replace('imports', 'reports'))] };
    expect(rank([merge, ses, busy], other).best.suspect?.sha).not.toBe(merge.change.sha);
    expect(rank([merge, ses], ctx).best.suspect?.sha).not.toBe(merge.change.sha);
    const cpu = condition({ ...busy, metric: 'process_cpu_seconds_rate' });
    expect(rank([merge, ses, cpu], ctx).best.suspect?.sha).not.toBe(merge.change.sha);
  });
});
