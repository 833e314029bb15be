// The bench-gen parameters eShopOnContainers needed (two warm-up minutes, a pod-name prefix, `reported` words that
// always win, its own vague complaint): their defaults keep what the other sets wrote, and each does what it says.
import { describe, expect, it } from 'vitest';
import { frontIncident, type ClientSample } from '../../fixtures/bench-gen/front-incident.js';
import { podNamesOf } from '../../fixtures/bench-gen/pod-names.js';
import { withWarmup } from '../../fixtures/bench-gen/sim-minute.js';
import { Rng } from '../../fixtures/holdout-real/gen/rng.js';

const inject = 1_700_000_000;
/** Ten quiet minutes before the injection and four after; `slowAfter` makes /cart's p90 rise tenfold after it. */
function samples(slowAfter: boolean): ClientSample[] {
  return Array.from({ length: 14 }, (_, i) => {
    const T = inject - 600 + i * 60 + 30;
    const d = slowAfter && T > inject ? 2 : 0.2;
    return { T, client: { byRoute: { '/cart': [d, d, d] }, failed: {}, total: 3 } };
  });
}

describe('bench-gen parameters', () => {
  it('withWarmup: one warm-up minute by default, `warmup` minutes when asked, in time order', () => {
    expect(withWarmup([600, 660])).toEqual([540, 600, 660]);
    expect(withWarmup([600, 660], 2)).toEqual([480, 540, 600, 660]);
  });

  it('podNamesOf: a prefix goes before a Deployment name only, and changes no draw', () => {
    const svcs = [{ name: 'api' }, { name: 'db' }];
    const fixed = (s: { name: string }) => (s.name === 'db' ? 'db-0' : undefined);
    const plain = podNamesOf(new Rng('x'), svcs, fixed);
    const pre = podNamesOf(new Rng('x'), svcs, fixed, 'shop-');
    expect(pre.db).toBe('db-0');
    expect(pre.api).toBe(`shop-${plain.api}`);
  });

  it('frontIncident: `reported` words win over a visible symptom only with `always`', () => {
    const reported = { title: 'Shop', text: 'orders since {hhmm} UTC never paid' };
    expect(frontIncident(samples(true), inject, { title: 'Shop (web)', failedTie: 'name', reported }).text).toMatch(/^Shop \(web\): \/cart p90 2\.00s/);
    const always = frontIncident(samples(true), inject, { title: 'Shop (web)', failedTie: 'name', reported: { ...reported, always: true } });
    expect(always.text).toBe('Shop: orders since 22:13 UTC never paid');
    expect(always.entry.reported).toBe(reported.text);
  });

  it('frontIncident: the vague complaint when nothing rose is a parameter', () => {
    expect(frontIncident(samples(false), inject, { title: 'Shop (web)', failedTie: 'name' }).text).toBe('Shop (web): requests slow or failing since about 22:13 UTC');
    expect(frontIncident(samples(false), inject, { title: 'Shop (web)', failedTie: 'name', vague: 'pages slow or failing' }).text).toBe('Shop (web): pages slow or failing since about 22:13 UTC');
  });
});
