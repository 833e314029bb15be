// `rca demo` in a real 50-row terminal: tmux runs the built CLI in a pane, capture-pane reads the screen and
// the scrollback. The audit (calls per server, findings) stays in scrollback above the report, and the root
// cause is on screen together with the runbook offer when it asks [y]es / [n]o.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startPane, tmuxTestsRun } from '../helpers/tmux.js';

describe.skipIf(!tmuxTestsRun('rca'))('rca live view in a real terminal (tmux; apt-get install tmux)', () => {
  it('keeps a compact audit in scrollback and ends with the headline and the offer on screen together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-tmux-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const pane = startPane('rca', ['demo'], { cols: 150, rows: 50, history: 5000, env: { OLLAMA_MODEL: '', XDG_CACHE_HOME: `${dir}/cache`, INCIDENT_COPILOT_DB: `${dir}/h.db` } });
    const waitFor = (want: string | RegExp) => pane.waitFor(want, { ms: 60_000 });
    const everything = () => pane.everything();

    // The offer and the root cause, in the one 50-row screen (the report above it is longer than that).
    const atOffer = await waitFor('[y]es / [n]o');
    expect(atOffer).toMatch(/Root cause: checkout broke after commit 6e955a79 [\s\S]*?\(\d+%\)[\s\S]*Best matching runbook/);
    expect(atOffer).toContain('Best matching runbook: RB-DB-POOL-001');

    pane.keys('n');
    await waitFor('rca-exit=0');
    const all = everything();
    // The audit, above the report: one line per server with its calls, then the strongest findings.
    const audit = all.slice(0, all.indexOf('Root cause: '));
    const total = Number(/investigated with 4 server\(s\), (\d+) tool call\(s\)/.exec(audit)?.[1]);
    expect(total).toBeGreaterThan(10);
    const perServer = ['logs', 'git', 'metrics', 'docker'].map((s) => Number(new RegExp(`^ {2}${s}: (\\d+) call\\(s\\)`, 'm').exec(audit)?.[1]));
    expect(perServer.every((n) => n > 0)).toBe(true);
    expect(perServer.reduce((a, b) => a + b, 0)).toBe(total);
    expect(audit).toMatch(/^ {2}• \[change-correlation\] 6e955a79/m);
    // The report's own count is the audit's: one number for the one investigation.
    expect(all).toContain(`${total} tool calls, 0 model rounds`);
    expect(all).toContain('DEMO: this report is about the bundled demo incident');
    expect(all).toContain('not running RB-DB-POOL-001');
  });
});
