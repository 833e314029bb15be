// A signature's baseline count of 0 from a sampled baseline is no proof that it is new: the engine then follows the
// server's test (`new` with `baseline_sampled`), and counts it as new from a baseline read in full as before.
import { describe, expect, it } from 'vitest';
import { emptyBundle } from '../../src/rca/bundle.js';
import { relatedSignatures } from '../../src/rca/related-signatures.js';
import type { ErrorSignature } from '../../src/core/evidence.js';
import { signature } from './helpers.js';

const T0 = Date.parse('2025-03-18T18:00:00Z');
const ONSET = T0 + 60 * 60_000;

/** Two entries just after the onset and none in the hour before it: a rise of 4x, below the surge bar of 5. */
function related(overrides: Partial<ErrorSignature>): boolean {
  const bundle = emptyBundle('db errors', { from: new Date(T0).toISOString(), to: new Date(T0 + 120 * 60_000).toISOString() }, new Date(T0 + 120 * 60_000).toISOString());
  const sig = { ...signature({ template: 'disk quota near limit on volume <*>', service: 'api', base: T0, minutes: [[61, 1], [62, 1]] }), ...overrides };
  bundle.signatures = { call_id: 'c1', tool: 'logs__error_signatures', data: [sig] };
  return relatedSignatures(bundle, ONSET, T0, T0 + 120 * 60_000).some((r) => r.sig.template === sig.template && r.isNew);
}

describe('relatedSignatures with a sampled baseline', () => {
  it('counts a signature absent from a baseline read in full as new', () => {
    expect(related({ baseline_count: 0, new: true })).toBe(true);
  });

  it('does not count absence from a sampled baseline as new when the server says the sample could have missed it', () => {
    expect(related({ baseline_count: 0, new: false, baseline_sampled: true })).toBe(false);
  });

  it('follows the server when its test says the sample would have caught it', () => {
    expect(related({ baseline_count: 0, new: true, baseline_sampled: true })).toBe(true);
  });
});
