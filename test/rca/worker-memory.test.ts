// Memory run out after a change doubled a web server's worker processes (a Gunicorn app on Heroku: R14 notices for its
// `web` dynos, the router's H12s naming the app by host): that change is named, and the app rather than its dyno type.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import { processApps } from '../../src/rca/platform-app.js';
import { rank } from '../../src/rca/rank.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { raisedWorkerCount } from '../../src/rca/worker-count.js';
import { signature, span } from './helpers.js';
import { change, condition, ctxFor, ONSET } from './rank-findings.js';

const PROCFILE_DIFF = `diff --git a/Procfile b/Procfile
--- a/Procfile
+++ b/Procfile
@@ -1 +1 @@
-web: gunicorn inventory.wsgi --workers 3 --timeout 25 --bind 0.0.0.0:$PORT
+web: gunicorn inventory.wsgi --workers 6 --timeout 25 --bind 0.0.0.0:$PORT`;

const R14 = 'Error R14 (Memory quota exceeded)';
const H12 =
  'at=error code=H12 desc="Request timeout" method=GET path="/stock/42" host=ledgerly.herokuapp.com request_id=9f1c fwd="198.51.100.7" dyno=web.2 connect=1ms service=30000ms status=503 bytes=0 protocol=https';

function sig(service: string, template: string, example: string): RelatedSignature {
  const s: ErrorSignature = { ...signature({ template, example, service, base: ONSET, minutes: span(0, 20) }), new: true };
  return { sig: s, service, pre: 0, post: 30, isNew: true, weight: 0.4 };
}

describe('memory run out after more worker processes', () => {
  it('reads a raised worker-process count from a diff, and not threads, connections or a lowered count', () => {
    expect(raisedWorkerCount(PROCFILE_DIFF)).toMatchObject({ from: 3, to: 6 });
    expect(raisedWorkerCount('-workers ENV.fetch("WEB_CONCURRENCY") { 2 }\n+workers ENV.fetch("WEB_CONCURRENCY") { 4 }')).toMatchObject({ from: 2, to: 4 });
    expect(raisedWorkerCount('-pm.max_children = 10\n+pm.max_children = 24')).toMatchObject({ from: 10, to: 24 });
    expect(raisedWorkerCount('-threads 5, 5\n+threads 10, 10')).toBeNull();
    expect(raisedWorkerCount('-    worker_connections 1024;\n+    worker_connections 4096;')).toBeNull();
    expect(raisedWorkerCount('-workers = 8\n+workers = 4')).toBeNull();
  });

  it("ties a router's dyno type to the app its host names, and only to one", () => {
    expect(processApps([H12])).toEqual(new Map([['web', 'ledgerly']]));
    expect(processApps([H12, H12.replace('ledgerly', 'other')]).size).toBe(0);
    // A custom domain says nothing of the app's name.
    expect(processApps([H12.replace('ledgerly.herokuapp.com', 'www.ledgerly.io')]).size).toBe(0);
  });

  const ctx = {
    ...ctxFor('web', ['web', 'router']),
    related: [sig('web', R14, R14), sig('router', 'at=error code=H12 desc="Request timeout" method=GET path=<*> host=ledgerly.herokuapp.com <*>', H12)],
  };
  const oom = condition({ condition: 'oom', category: 'resource_exhaustion', service: 'web', confidence: 0.43 });
  // The release carried the worker change and a later template change; a release 4 minutes before shares "timeout".
  const workers = change('a1b2c3d4e5f6', 'Six gunicorn workers: fewer queued requests at peak', 40, { relevance: 0.05, paths: ['Procfile'], configOnly: true, workers: raisedWorkerCount(PROCFILE_DIFF)! });
  const template = change('0f9e8d7c6b5a', 'Show stock level on the product page', 40, { relevance: 0.05, paths: ['templates/product.html'] });
  const timeouts = change('1234abcd5678', 'Raise the stock API client timeout', 4, { relevance: 0.5, paths: ['inventory/client.py'] });

  it('names the change that raised the workers, as a config error of the app its router serves', () => {
    const v = rank([workers, template, timeouts, oom], ctx);
    expect(v.best.suspect?.sha).toBe(workers.change.sha);
    expect(v.best).toMatchObject({ category: 'config_error', service: 'ledgerly' });
    expect(v.best.summary).toContain('from 3 to 6');
  });

  it('leaves the ranking alone when memory did not run out', () => {
    const v = rank([workers, template, timeouts], ctx);
    expect(v.best.suspect?.sha).not.toBe(workers.change.sha);
  });
});
