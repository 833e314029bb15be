// The logs source as the offline engine reads it: error signatures against a baseline of the window's own
// length, per-minute counts by level and service, and request flows from trace ids (bundle slots signatures,
// logStats, flows).
import { offlineSource } from '../offline-source.js';
import { parseFlows, parseLogStats, parseSignatures } from '../../core/contracts/logs.js';

export const LOGS_OFFLINE = offlineSource({
  server: 'logs',
  async gather({ window, bundle, call, cited }) {
    const { since, until } = window;
    const windowSpan = `${Math.max(1, Math.round((window.to - window.from) / 60_000))}m`;
    // The localizer compares every transition before and after the onset: a cut answer drops the rare ones first.
    const [sigs, stats, flows] = await Promise.all([
      call('error_signatures', { since, until, top: 40, baseline: windowSpan, min_level: 'warn' }),
      call('log_stats', { since, until, bucket: '1m' }),
      call('request_flows', { since, until, max_output_bytes: 1024 * 1024 }),
    ]);
    bundle.signatures = cited(sigs, parseSignatures);
    bundle.logStats = cited(stats, parseLogStats);
    bundle.flows = cited(flows, parseFlows);
  },
});
