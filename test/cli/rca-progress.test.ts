// The plain stderr consumer of the investigation events: one readable, redacted line per event that matters.
import { describe, expect, it } from 'vitest';
import { plainProgress, progressLine } from '../../src/cli/progress.js';

describe('plain progress lines', () => {
  it('renders each kind of event as one line, skipping a call that only started', () => {
    const out: string[] = [];
    const sink = plainProgress({ write: (t: string) => out.push(t) });
    sink({ type: 'server_starting', server: 'logs' });
    sink({ type: 'server_ready', server: 'logs', tools: 5, ms: 120 });
    sink({ type: 'server_failed', server: 'git', error: 'exited with code 1\nfatal: not a git repository' });
    sink({ type: 'tool_call_started', id: 'c1', tool: 'logs__log_stats', args: {} });
    sink({ type: 'tool_call_finished', id: 'c1', tool: 'logs__log_stats', ok: true, ms: 42, bytes: 3072 });
    sink({ type: 'tool_call_finished', id: 'c2', tool: 'metrics__query_range', ok: false, ms: 7, bytes: 300, error: 'Prometheus at http://127.0.0.1:9599 is not reachable (ECONNREFUSED)' });
    sink({ type: 'finding', analyzer: 'onset', summary: 'errors began at 14:45', confidence: 0.9 });
    sink({ type: 'model_round', round: 2, tool_calls: 3 });
    sink({ type: 'notice', message: 'Ollama at http://127.0.0.1:9 is not reachable (ECONNREFUSED); using the offline report' });
    expect(out).toEqual([
      'rca: starting logs server\n',
      'rca: logs server ready: 5 tools in 120 ms\n',
      'rca: git server failed: exited with code 1 fatal: not a git repository\n',
      'rca: called logs__log_stats (42 ms, 3.0 KB)\n',
      'rca: FAILED metrics__query_range (7 ms): Prometheus at http://127.0.0.1:9599 is not reachable (ECONNREFUSED)\n',
      'rca: finding [onset] errors began at 14:45 (90%)\n',
      'rca: model round 2: 3 tool call(s)\n',
      'rca: Ollama at http://127.0.0.1:9 is not reachable (ECONNREFUSED); using the offline report\n',
    ]);
  });

  it('redacts secrets that reach an event from a server or a log line', () => {
    const out: string[] = [];
    plainProgress({ write: (t: string) => out.push(t) })({ type: 'server_failed', server: 'db', error: 'cannot connect to postgres://admin:hunter2@db:5432/shop' });
    expect(out[0]).not.toContain('hunter2');
    expect(progressLine({ type: 'report_ready', headline: 'pool exhausted' })).toBe('report ready: pool exhausted');
  });
});
