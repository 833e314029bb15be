// Virtual threads pinned to their carriers: a service's release that turned virtual threads on, then the JVM's
// pinned-carrier reports and HikariCP waits in that service at a peak hours later; that release, over a caller's retries.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import { turnsVirtualThreadsOn } from '../../src/rca/virtual-threads.js';
import { rank } from '../../src/rca/rank.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { signature, span } from './helpers.js';
import { change, ctxFor, ONSET } from './rank-findings.js';

const SPRING_DIFF = `diff --git a/stock-svc/src/main/resources/application.yml b/stock-svc/src/main/resources/application.yml
--- a/stock-svc/src/main/resources/application.yml
+++ b/stock-svc/src/main/resources/application.yml
@@ -1,8 +1,7 @@
-server:
-  tomcat:
-    threads:
-      max: 200
 spring:
+  threads:
+    virtual:
+      enabled: true
   datasource:`;

function sig(service: string, template: string, example: string): RelatedSignature {
  const s: ErrorSignature = { ...signature({ template, example, service, base: ONSET, minutes: span(0, 20) }), new: true };
  return { sig: s, service, pre: 0, post: 20, isNew: true, weight: 0.3 };
}

const PINNED = sig('stock-svc', 'Thread[#<*>,ForkJoinPool-1-worker-<*>,5,CarrierThreads]', 'Thread[#4377,ForkJoinPool-1-worker-2,5,CarrierThreads]\n    com.mysql.cj.jdbc.ConnectionImpl.commit(ConnectionImpl.java:791) <== monitors:1');
const POOL = sig('stock-svc', 'Reservation for order <*> failed: Could not open JDBC Connection for transaction', 'Reservation for order 8817 failed: Could not open JDBC Connection for transaction\nCaused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=246)');
const CALLER = sig('orders-api', 'stock reservation failed: context deadline exceeded', 'stock reservation failed: Post "http://stock-svc:8080/v1/reservations": context deadline exceeded');

describe('virtual threads pinned to their carriers', () => {
  it('reads virtual threads turned on (nested Spring YAML, one key, the JDK executors), not turned off', () => {
    expect(turnsVirtualThreadsOn(SPRING_DIFF)).toBe(true);
    expect(turnsVirtualThreadsOn('+spring.threads.virtual.enabled=true')).toBe(true);
    expect(turnsVirtualThreadsOn('+    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();')).toBe(true);
    expect(turnsVirtualThreadsOn('+spring.threads.virtual.enabled=false')).toBe(false);
    expect(turnsVirtualThreadsOn(SPRING_DIFF.replace('+      enabled: true', '+      enabled: false'))).toBe(false);
    // A removed line turns nothing on.
    expect(turnsVirtualThreadsOn('-spring.threads.virtual.enabled=true')).toBe(false);
  });

  const ctx = { ...ctxFor('orders-api', ['orders-api', 'stock-svc']), related: [CALLER, PINNED, POOL] };
  // The stock service's release 70 minutes before; the caller's retries, sharing the errors' words, 12 minutes before.
  const virtual = change('cbe11911aaaa', 'stock-svc: Spring Boot 3.2, virtual threads for request handling', 70, { relevance: 0.05, paths: ['stock-svc/src/main/resources/application.yml'], virtualThreads: true });
  const retries = change('8e5a8c4fbbbb', 'orders-api: retry stock reservations twice on timeout', 12, { relevance: 0.7, paths: ['orders-api/internal/stock/client.go'], matched: ['reservation', 'timeout'] });

  it('names the release that turned virtual threads on, in the service whose carriers are pinned', () => {
    const v = rank([virtual, retries], ctx);
    expect(v.best.suspect?.sha).toBe(virtual.change.sha);
    expect(v.best).toMatchObject({ service: 'stock-svc', category: 'config_error' });
    expect(v.best.summary).toContain('pinned');
  });

  it('near miss: pinned carriers with no pool waiting leave the ranking alone', () => {
    const v = rank([virtual, retries], { ...ctx, related: [CALLER, PINNED] });
    expect(v.best.suspect?.sha).not.toBe(virtual.change.sha);
  });

  it('near miss: the same waits without the JVM reporting pinned carriers leave the ranking alone', () => {
    const v = rank([virtual, retries], { ...ctx, related: [CALLER, POOL] });
    expect(v.best.suspect?.sha).not.toBe(virtual.change.sha);
  });

  it("near miss: another service's change that turned virtual threads on is not the pinned service's", () => {
    const elsewhere = { ...virtual, paths: ['billing-svc/src/main/resources/application.yml'] };
    const v = rank([elsewhere, retries], ctx);
    expect(v.best.suspect?.sha).not.toBe(virtual.change.sha);
  });
});
