// On a terminal, a slow model shows its progress (tokens/s) in the live view and the person can press s to
// stop waiting: the offline report follows at once. A real pseudo-terminal (`script`) and the HTTP fake of Ollama.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliBuilt, REPO_ROOT } from '../helpers/cli.js';
import { startOllamaFake } from '../helpers/model-fake.js';

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = cliBuilt('rca') && (hasScript() || process.env.REQUIRE_INTEGRATION === '1');
const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!available)('rca waiting for a slow model on a terminal (needs `script`)', () => {
  it('shows tokens/s while the model streams, and s stops waiting: the offline report, engine offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-stop-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    // A model that would think for ~100 s: 500 chunks, 200 ms apart.
    const fake = await startOllamaFake({ turns: [{ message: { role: 'assistant', content: 'hmm '.repeat(500) } }], models: ['slow'], chunkChars: 4, chunkDelayMs: 200 });
    onTestFinished(() => fake.close());
    const args = ['500 errors on checkout', '--logs', join(DEMO, 'logs'), '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--at', '2026-02-17T15:00:00Z', '--model', 'slow'];
    const cmd = `stty cols 160 rows 60; ${quote(process.execPath)} ${quote(join(REPO_ROOT, 'bin', 'rca.js'))} ${args.map(quote).join(' ')}`;
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
      env: { ...process.env, CI: undefined, CONTINUOUS_INTEGRATION: undefined, NO_COLOR: '1', FORCE_COLOR: undefined, INCIDENT_COPILOT_DB: join(dir, 'h.db'), OLLAMA_HOST: fake.host, OLLAMA_API_KEY: undefined },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    let out = '';
    let stopped = false;
    let declined = false;
    const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const screen = plain(out);
      // Press s once the rate is on screen; decline the runbook offer that follows the report.
      if (!stopped && /model request 1: \d+ tokens, [\d.]+ tokens\/s \(press s to stop waiting/.test(screen)) {
        stopped = true;
        child.stdin.write('s');
      }
      if (stopped && !declined && screen.includes('[y]es / [n]o')) {
        declined = true;
        child.stdin.write('n');
      }
    });
    const code = await exit;
    const screen = plain(out);
    expect(code, screen.slice(-2000)).toBe(0);
    expect(stopped).toBe(true);
    expect(screen).toContain('stopped waiting for the model');
    expect(screen).toMatch(/Engine offline/);
    // It did not wait for the model's 100 s answer: one chat request, cut short.
    expect(fake.chatRequests()).toHaveLength(1);
  });
});
