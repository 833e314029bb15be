// On a terminal, a slow model shows its progress (tokens/s) in the live view and the person can press s to
// stop waiting: the offline report follows at once. A real pseudo-terminal (`script`) and the HTTP fake of Ollama.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { startOllamaFake } from '../helpers/model-fake.js';
import { runRcaOnPty, scriptTestsRun } from '../helpers/script-pty.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');

describe.skipIf(!scriptTestsRun())('rca waiting for a slow model on a terminal (needs `script`)', () => {
  it('shows tokens/s while the model streams, and s stops waiting: the offline report, engine offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-stop-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    // A model that would think for ~100 s: 500 chunks, 200 ms apart.
    const fake = await startOllamaFake({ turns: [{ message: { role: 'assistant', content: 'hmm '.repeat(500) } }], models: ['slow'], chunkChars: 4, chunkDelayMs: 200 });
    onTestFinished(() => fake.close());
    const args = ['500 errors on checkout', '--logs', join(DEMO, 'logs'), '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--at', '2026-02-17T15:00:00Z', '--model', 'slow'];
    let stopped = false;
    let declined = false;
    const { code, screen } = await runRcaOnPty(args, {
      size: { cols: 160, rows: 60 },
      env: { INCIDENT_COPILOT_DB: join(dir, 'h.db'), OLLAMA_HOST: fake.host, OLLAMA_API_KEY: undefined },
      react(shown, press) {
        // Press s once the rate is on screen; decline the runbook offer that follows the report.
        if (!stopped && /model request 1: \d+ tokens, [\d.]+ tokens\/s \(press s to stop waiting/.test(shown)) {
          stopped = true;
          press('s');
        }
        if (stopped && !declined && shown.includes('[y]es / [n]o')) {
          declined = true;
          press('n');
        }
      },
    });
    expect(code, screen.slice(-2000)).toBe(0);
    expect(stopped).toBe(true);
    expect(screen).toContain('stopped waiting for the model');
    expect(screen).toMatch(/Engine offline/);
    // It did not wait for the model's 100 s answer: one chat request, cut short.
    expect(fake.chatRequests()).toHaveLength(1);
  });
});
