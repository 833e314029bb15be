// A release that only rewords an error message (names the lock key in it) changes what the errors say, not when they
// occur: it is inert, and the words it shares with the errors do not make it their cause.
import { describe, expect, it } from 'vitest';
import { onlyMessageWording } from '../../src/rca/message-wording.js';
import { BASE, MIN, noise, ONSET, run } from './engine-world.js';
import { commit, deployment, errorRate, signature, span } from './helpers.js';

const GO_REWORD =
  '@@ -2,4 +2,4 @@ package payouts\n \n const lockTimeout = 2 * time.Second\n \n-func lockErr(key string, err error) error { return fmt.Errorf("acquire payout lock: %w", err) }\n+func lockErr(key string, err error) error { return fmt.Errorf("acquire payout lock %s: %w", key, err) }\n';

describe('onlyMessageWording', () => {
  it("is true for Go's fmt.Errorf given the key to name, Python's raise and a logger call reworded", () => {
    expect(onlyMessageWording(GO_REWORD)).toBe(true);
    expect(onlyMessageWording('-        raise LockTimeout("could not take the lock")\n+        raise LockTimeout(f"could not take the lock {key} in {timeout}s")\n')).toBe(true);
    expect(onlyMessageWording("-    logger.warn('slow lock', { wait })\n+    logger.warn('payout lock slow to acquire', { wait })\n")).toBe(true);
    expect(onlyMessageWording('-  throw new Error(`charge failed`);\n+  throw new Error(`charge ${id} failed`);\n')).toBe(true);
  });

  it('is false when the code around the message changed too', () => {
    // The timeout it waits for changed along with the words.
    expect(onlyMessageWording('-  ctx, cancel := context.WithTimeout(ctx, 2*time.Second)\n+  ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)\n-  return fmt.Errorf("lock: %w", err)\n+  return fmt.Errorf("lock %s: %w", key, err)\n')).toBe(false);
    // A new argument that is a call with arguments of its own runs code.
    expect(onlyMessageWording('-  log.Error("lock failed", key)\n+  log.Error("lock failed", fetchOwner(key))\n')).toBe(false);
    expect(onlyMessageWording('-  return fmt.Errorf("lock: %w", err)\n+  return nil\n')).toBe(false);
  });

  it('is false for a string that is no message: a URL, a query, a setting', () => {
    expect(onlyMessageWording('-  resp, err := http.Get("http://ledger:8080/v1/balance")\n+  resp, err := http.Get("http://ledger-v2:8080/v1/balance")\n')).toBe(false);
    expect(onlyMessageWording("-    rows = db.execute('SELECT * FROM orders WHERE id = %s', [id])\n+    rows = db.execute('SELECT * FROM orders WHERE id = %s FOR UPDATE', [id])\n")).toBe(false);
    expect(onlyMessageWording('-  lock_ttl: "10s"\n+  lock_ttl: "1s"\n')).toBe(false);
  });

  it('is false for an empty diff or an unchanged message', () => {
    expect(onlyMessageWording('')).toBe(false);
    expect(onlyMessageWording('-  log.Warn().Msg("slow")\n+  log.Warn().Msg("slow")\n')).toBe(false);
  });
});

describe('through the engine', () => {
  it('does not blame the release that reworded the failing error just before its rise, and says why', async () => {
    const reword = commit('e1', 'Name the merchant lock key in payout lock errors', BASE + 60 * MIN, ['payouts/internal/lock.go']);
    const { report } = await run({
      signatures: [
        ...noise,
        signature({ template: 'create payout failed: acquire payout lock <*>: context deadline exceeded', service: 'payouts', base: BASE, minutes: span(ONSET, 120, 8), level: 'error' }),
      ],
      errorRates: [errorRate('payouts', BASE, 120, ONSET)],
      deployments: [deployment('payouts-2.14.0', BASE + 62 * MIN, [reword])],
      diffs: { [reword.sha]: GO_REWORD },
    });
    expect(report.root_cause.suspect_change).toBeNull();
    expect(report.ruled_out.find((r) => r.what.includes('payouts-2.14.0'))?.reason).toBe('its diff only rewords error or log messages (what they say, not when they occur)');
  });
});
