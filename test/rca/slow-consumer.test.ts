// A consumer a broker reports slow: the blocking call a diff adds (a sync driver in an async handler), the broker's
// reports as a condition at the onset, and the ranking that names the client's release over a caller's that shares words.
import { describe, expect, it } from 'vitest';
import { addedBlockingCall } from '../../src/rca/blocking-calls.js';
import { slowConsumer } from '../../src/rca/analyzers/slow-consumer.js';
import { rank } from '../../src/rca/rank.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import { handBundle, withFlows } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

const AUDIT_DIFF = `diff --git a/pricing-sync/pricing_sync/audit.py b/pricing-sync/pricing_sync/audit.py
new file mode 100644
--- /dev/null
+++ b/pricing-sync/pricing_sync/audit.py
@@ -0,0 +1,7 @@
+import psycopg2
+
+_conn = psycopg2.connect(dsn_from_env())
+
+def write_audit(change):
+    with _conn, _conn.cursor() as cur:
+        cur.execute("INSERT INTO price_audit (sku, old, new) VALUES (%s, %s, %s)", change.row())
diff --git a/pricing-sync/pricing_sync/consumer.py b/pricing-sync/pricing_sync/consumer.py
--- a/pricing-sync/pricing_sync/consumer.py
+++ b/pricing-sync/pricing_sync/consumer.py
@@ -1,2 +1,5 @@
+from .audit import write_audit
+
 async def on_update(msg):
     await cache.set_price(msg.data)
+    write_audit(msg.data)  # one row per change`;

describe('addedBlockingCall', () => {
  it('quotes the added call that blocks, over the import that only names the library', () => {
    expect(addedBlockingCall(AUDIT_DIFF)).toBe('_conn = psycopg2.connect(dsn_from_env())');
    expect(addedBlockingCall('+    resp = requests.post(AUDIT_URL, json=row, timeout=5)')).toBe('resp = requests.post(AUDIT_URL, json=row, timeout=5)');
    expect(addedBlockingCall('+        var order = _client.GetOrderAsync(id).Result;')).toBe('var order = _client.GetOrderAsync(id).Result;');
    expect(addedBlockingCall("+  const tpl = fs.readFileSync('./receipt.hbs', 'utf8');")).toBe("const tpl = fs.readFileSync('./receipt.hbs', 'utf8');");
  });

  it('near miss: the same write through an async driver, a removed or commented call, a `.Result` assigned to', () => {
    const asyncDiff = AUDIT_DIFF.replace('+import psycopg2', '+import asyncpg').replace('+_conn = psycopg2.connect(dsn_from_env())', '+_pool = await asyncpg.create_pool(dsn_from_env())');
    expect(addedBlockingCall(asyncDiff)).toBeNull();
    expect(addedBlockingCall('-    time.sleep(0.5)\n+    await asyncio.sleep(0.5)')).toBeNull();
    expect(addedBlockingCall('+    # requests.post(AUDIT_URL) blocked the loop, see audit_async')).toBeNull();
    expect(addedBlockingCall('+        response.Result = order;')).toBeNull();
  });
});

const T = (m: number) => new Date(ONSET + m * MIN).toISOString();
const REPORT = 'cid:1109 - "v2.7.0:python3:pricing-sync" - Slow Consumer Detected: WriteDeadline of 10s exceeded with 2 chunks of 65536 total bytes.';

function bundleWith(first: number, count = 12) {
  const b = handBundle('checkout: carts rejected with "price changed"', { from: ONSET - 60 * MIN, to: ONSET + 30 * MIN }, {});
  return withFlows(b, { slowConsumers: [{ client: 'pricing-sync', service: 'nats', first: ONSET + first * MIN, last: ONSET + 19 * MIN, count, example: REPORT }] });
}

describe('slow-consumer analyzer', () => {
  const ctx = ctxFor('checkout', ['checkout', 'pricing_sync', 'nats']);

  it('states the client the broker reports slow from the onset on, by the name it connects with', () => {
    const [f] = slowConsumer.analyze(bundleWith(0), ctx) as ConditionFinding[];
    expect(f).toMatchObject({ condition: 'consumer_slow', service: 'pricing-sync', names: ['nats'] });
    expect(f!.timeline[0]!.time).toBe(T(0));
    expect(f!.evidence[0]?.quote).toContain('Slow Consumer Detected');
  });

  it('near miss: a client reported slow since long before the onset (chronic), or only once, is not stated', () => {
    expect(slowConsumer.analyze(bundleWith(-45), ctx)).toEqual([]);
    expect(slowConsumer.analyze(bundleWith(0, 1), ctx)).toEqual([]);
  });
});

describe('slow-consumer rule', () => {
  const ctx = ctxFor('checkout', ['checkout', 'pricing_sync', 'nats']);
  const slow = condition({ condition: 'consumer_slow', category: 'resource_exhaustion', service: 'pricing-sync', confidence: 0.35, names: ['nats'], timeline: [{ time: T(0), source: 'logs', event: 'nats first reported pricing-sync as a slow consumer' }] });
  // The client's release 94 minutes before with a blocking write; the caller's release 9 minutes before shares the errors' words.
  const audit = change('bd0b02843517', 'pricing-sync: audit every applied price change (who, old, new) for finance', 94, { relevance: 0.1, paths: ['pricing-sync/pricing_sync/audit.py', 'pricing-sync/pricing_sync/consumer.py'], blocks: '_conn = psycopg2.connect(dsn_from_env())' });
  const revalidate = change('3356898f40c1', 'checkout: re-validate cart prices against the price cache at submit, 409 on mismatch', 9, { relevance: 0.8, paths: ['checkout/internal/cart/submit.go'], matched: ['cart', 'review', 'changed'], change: { sha: '3356898f40c1', ref: 'checkout/v7.3.0', message: 'checkout: re-validate cart prices', author: 'Dev', time: T(-9) } });

  it("names the slow client's release that added a blocking call, and rules the caller's release out", () => {
    const v = rank([revalidate, audit, slow], ctx);
    expect(v.best.suspect?.sha).toBe(audit.change.sha);
    expect(v.best).toMatchObject({ service: 'pricing-sync', category: 'code_regression' });
    expect(v.best.summary).toContain('psycopg2');
    expect(v.ruledOut.find((r) => r.what.includes('checkout/v7.3.0'))?.reason).toContain('slow consumer');
  });

  it('near miss: the same release without a blocking call leaves the ranking alone', () => {
    const v = rank([revalidate, { ...audit, blocks: undefined }, slow], ctx);
    expect(v.best.suspect?.sha).toBe(revalidate.change.sha);
  });

  it("near miss: a blocking call in another service's release is not the slow client's", () => {
    const v = rank([revalidate, { ...audit, paths: ['stock-feed/stock_feed/audit.py'] }, slow], ctx);
    expect(v.best.suspect?.sha).toBe(revalidate.change.sha);
  });

  it('near miss: a release after the first report did not slow the client', () => {
    const late = { ...audit, change: { ...audit.change, time: T(2) } };
    const v = rank([revalidate, late, slow], ctx);
    expect(v.best.suspect?.sha).not.toBe(audit.change.sha);
  });
});
