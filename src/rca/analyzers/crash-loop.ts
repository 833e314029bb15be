// Crash loops: containers that die and restart again and again (from Docker events and restart counts)
// or logs that say the process keeps exiting; OOM kills are left to the saturation analyzer.
import type { Analyzer, Finding } from '../analyzer.js';
import { normalizeService } from '../service-names.js';
import { cite, refs } from '../quote.js';
import { CRASH, matching } from '../signals.js';

export const crashLoop: Analyzer = {
  name: 'crash-loop',
  description: 'Containers dying and restarting repeatedly',
  analyze(bundle, ctx): Finding[] {
    const deaths = new Map<string, { n: number; first: string; exit: number | null; oom: boolean }>();
    for (const e of bundle.containerEvents?.data ?? []) {
      if (!/^(die|kill|restart|oom|stop)$/i.test(e.action.split(':')[0]!.trim())) continue;
      const d = deaths.get(e.container) ?? { n: 0, first: e.time, exit: null, oom: false };
      if (/^(die|restart)$/i.test(e.action)) d.n += 1;
      d.oom ||= /oom/i.test(e.action);
      d.exit ??= e.exit_code;
      if (e.time < d.first) d.first = e.time;
      deaths.set(e.container, d);
    }
    for (const c of bundle.containers?.data ?? []) {
      if (c.restart_count >= 3 || /restarting/i.test(c.state)) {
        const d = deaths.get(c.name) ?? { n: 0, first: bundle.window.to, exit: c.exit_code, oom: c.oom_killed };
        d.n = Math.max(d.n, c.restart_count, 3);
        d.oom ||= c.oom_killed;
        deaths.set(c.name, d);
      }
    }
    const looping = [...deaths].filter(([, d]) => d.n >= 3 && !d.oom).sort((a, b) => b[1].n - a[1].n);
    const words = matching(ctx, CRASH);
    if (looping.length === 0 && words.weight < 0.2) return [];
    const [name, d] = looping[0] ?? [null, null];
    const service = name ? normalizeService(name) : (words.sigs[0]?.service ?? ctx.affectedService);
    const ev = refs(
      name && bundle.containerEvents ? cite(bundle, bundle.containerEvents.call_id, `${name} died ${d!.n} times`, [name]) : null,
      name && !bundle.containerEvents && bundle.containers ? cite(bundle, bundle.containers.call_id, `${name} restarted ${d!.n} times`, [name]) : null,
      ...(bundle.signatures ? words.sigs.slice(0, 1).map((r) => cite(bundle, bundle.signatures!.call_id, `${r.post} entries`, [r.sig.example.split('\n')[0] ?? '', r.sig.template])) : []),
    );
    return [
      {
        kind: 'condition',
        condition: 'crash_loop',
        category: 'infrastructure',
        service,
        analyzer: this.name,
        summary: `${service ?? 'a container'} is crash-looping${d ? ` (${d.n} restarts${d.exit !== null ? `, exit code ${d.exit}` : ''})` : ''}`,
        confidence: Math.min(0.9, 0.4 + (looping.length ? 0.3 : 0) + 0.3 * Math.min(1, words.weight * 2)),
        evidence: ev,
        timeline: d && name ? [{ time: d.first, source: 'docker', event: `${name} starts dying (${d.n} restarts)` }] : [],
        recommendation: `Read ${service ?? 'the container'}'s last logs before each exit and its exit code; roll back its last change or fix its configuration, then restart it once`,
      },
    ];
  },
};
