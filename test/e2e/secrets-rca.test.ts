// The secrets corpus end to end through `rca`: every credential kind sits in log lines (logs server), in a
// committed diff and its message (git server) and in a container's env, labels and logs (docker snapshot).
// The real CLI, real servers and the HTTP fake of Ollama run; nothing of a secret may reach stdout, stderr,
// the report, the database or the requests the model receives.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { REDACTED } from '../../src/core/redact.js';
import { reportSchema } from '../../src/core/report.js';
import type { RecordedTurn } from '../../src/llm/scripted-provider.js';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';
import { startOllamaFake } from '../helpers/model-fake.js';
import { leaksIn, loadCorpus } from '../helpers/secrets-corpus.js';
import { tempDir } from '../runbook/helpers.js';

const corpus = loadCorpus();
const byKind = (kind: string) => corpus.find((e) => e.kind === kind)!;
const ordinary = readFileSync(join(REPO_ROOT, 'fixtures', 'secrets', 'ordinary-lines.txt'), 'utf8').split('\n').filter((l) => l.startsWith('2026-'));
const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  ...byKind('rsa-private-key').line.split('\\n').slice(1, -1),
  '-----END RSA PRIVATE KEY-----',
];

function iso(minute: number, second = 0): string {
  return new Date(Date.UTC(2026, 2, 1, 9, 0, 0) + minute * 60_000 + second * 1000).toISOString();
}

/** Logs: an hour of ordinary traffic, then every secret line as an ERROR from 10:00 on. */
function writeLogs(dir: string): void {
  const lines: string[] = [];
  for (let m = 0; m < 60; m += 1) lines.push(`${iso(m)} INFO [payments] POST /v1/charges 201 ${40 + (m % 7)}ms req_id=r${1000 + m}`);
  corpus.forEach((e, i) => {
    lines.push(`${iso(60 + i, 10)} ERROR [payments] ${e.line}`);
    lines.push(`${iso(60 + i, 40)} ERROR [payments] retry failed: ${e.line}`);
  });
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'logs', 'payments.log'), `${lines.join('\n')}\n`);
}

/** Git: a release at 09:55 that commits every secret (and a PEM key file); one secret in the message too. */
function writeRepo(dir: string): string {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, 'config'), { recursive: true });
  const git = (args: string[], date: string) =>
    execFileSync('git', ['-C', repo, ...args], { env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 'dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'dev', GIT_COMMITTER_EMAIL: 'dev@example.com' } }).toString().trim();
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  writeFileSync(join(repo, 'config', 'payments.env'), 'POOL_SIZE=30\nTIMEOUT_MS=5000\n');
  git(['add', '-A'], iso(0));
  git(['commit', '-qm', 'payments: initial config'], iso(0));
  git(['tag', 'v1.0.0'], iso(0));
  writeFileSync(join(repo, 'config', 'payments.env'), `POOL_SIZE=30\nTIMEOUT_MS=5000\n${corpus.map((e) => e.line).join('\n')}\n`);
  writeFileSync(join(repo, 'config', 'deploy_key.pem'), `${PEM.join('\n')}\n`);
  git(['add', '-A'], iso(55));
  git(['commit', '-qm', `payments: rotate provider credentials\n\nnew stripe key ${byKind('stripe-secret-key').secret}`], iso(55));
  git(['tag', 'v1.1.0'], iso(55));
  return git(['rev-parse', 'HEAD'], iso(55));
}

/** Docker: the demo's container shape, with every env secret, a secret label, a secret in its command and logs. */
function writeSnapshot(dir: string): string {
  const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures', 'checkout-500', 'docker', 'snapshot.json'), 'utf8')) as {
    containers: Array<Record<string, unknown>>;
  };
  const container = {
    ...demo.containers[0],
    name: 'payments',
    env: ['PORT=8080', 'LOG_LEVEL=info', ...corpus.flatMap((e) => (e.env ? [e.env] : []))],
    labels: { 'com.acme.team': 'payments', 'com.acme.alert-webhook': `https://hooks.slack.com/services/${byKind('slack-webhook').secret}` },
    cmd: ['payments-api', '--db-password', byKind('cli-password-flag').secret],
    health: null,
  };
  const file = join(dir, 'snapshot.json');
  writeFileSync(
    file,
    JSON.stringify({
      captured_at: iso(90),
      containers: [container],
      events: [{ time: iso(59), action: 'start', container: 'payments', exit_code: null, detail: 'image=payments:v1.1.0' }],
      logs: { payments: corpus.map((e, i) => ({ time: iso(60 + i, 20), stream: 'stderr', text: `ERROR ${e.line}` })) },
    }),
  );
  return file;
}

function allBytes(dir: string, names: (n: string) => boolean): string {
  return readdirSync(dir)
    .filter(names)
    .map((n) => readFileSync(join(dir, n)).toString('latin1'))
    .join('\n');
}

describe.skipIf(!cliBuilt('rca'))('secrets through rca, its servers and a model (built CLI)', () => {
  it('leaks nothing to stdout, stderr, the report, the database or the model', async () => {
    const dir = tempDir('rca-secrets-');
    writeLogs(dir);
    const sha = writeRepo(dir);
    const snapshot = writeSnapshot(dir);
    const verdict = {
      // Model output is untrusted too: a model that echoes a credential must not get it printed or stored.
      summary: `The v1.1.0 credential rotation broke payments; the new key ${byKind('stripe-secret-key').secret} is rejected.`,
      category: 'config_error',
      service: 'payments',
      suspect_sha: sha,
      confidence: 0.6,
      onset: iso(60),
      evidence: [{ call_id: 'llm-1', detail: 'auth failures', quote: 'uploading to s3 with access key' }],
      ruled_out: [],
      recommendations: [`Roll back to v1.0.0 and revoke ${byKind('github-pat-classic').secret}`],
    };
    const asked = [
      { function: { name: 'logs__search_logs', arguments: { pattern: 'ERROR', limit: 40 } } },
      { function: { name: 'logs__error_signatures', arguments: { top: 10 } } },
      { function: { name: 'logs__read_logs', arguments: { file: 'payments.log', offset: 58, limit: 40 } } },
      { function: { name: 'git__show_commit', arguments: { sha } } },
      { function: { name: 'docker__inspect_container', arguments: { container: 'payments' } } },
      { function: { name: 'docker__get_logs', arguments: { container: 'payments', tail: 30 } } },
    ];
    const turns: RecordedTurn[] = [
      {
        message: {
          role: 'assistant',
          content: 'Reading the errors, the release and the container.',
          tool_calls: asked,
        },
      },
      { message: { role: 'assistant', content: 'I have what I need.' } },
      { message: { role: 'assistant', content: JSON.stringify(verdict) } },
    ];
    const fake = await startOllamaFake({ turns, models: ['scripted'] });
    onTestFinished(() => fake.close());
    const db = join(dir, 'copilot.db');
    const env = { INCIDENT_COPILOT_DB: db, OLLAMA_HOST: fake.host, OLLAMA_API_KEY: undefined, OLLAMA_MODEL: undefined, INCIDENT_LOG_LEVEL: 'debug' };
    const incident = `payments 401s since the rotation to ${byKind('stripe-secret-key').secret}`;
    const sources = ['--logs', join(dir, 'logs'), '--repo', join(dir, 'repo'), '--docker', snapshot, '--at', iso(90), '--window', '2h'];

    const r = await runCliJson<unknown>('rca', [incident, ...sources, '--model', 'scripted', '--json'], { env, timeoutMs: 120_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    expect(report.engine, r.stderr).toBe('ollama:scripted');

    // The evidence did flow: every tool answered, and what the model read has the keys with their values hidden.
    const sent = fake.chatRequests().map((q) => q.raw).join('\n');
    expect(fake.chatRequests().length).toBeGreaterThanOrEqual(2);
    expect(sent).toContain(REDACTED);
    for (const kept of ['AccountKey=', 'aws_secret_access_key', 'payments.env', 'deploy_key.pem', 'AWS_ACCESS_KEY_ID=', 'BEGIN RSA PRIVATE KEY']) expect(sent).toContain(kept);
    for (const call of asked) {
      const args = JSON.stringify(call.function.arguments);
      expect(report.tool_calls.some((c) => c.tool === call.function.name && JSON.stringify(c.args) === args && c.ok), `${call.function.name} ${args}`).toBe(true);
    }

    // Plain progress on stderr (no --json, no --quiet) and the stored report read back in every format.
    const plain = await runCli('rca', [incident, ...sources, '--offline'], { env, timeoutMs: 120_000 });
    expect(plain.exitCode, plain.stderr).toBe(0);
    const history = await runCliJson<Array<{ id: string }>>('rca', ['history', '--json', '--db', db], { env });
    expect(history.json.length).toBe(2);
    const shown = await Promise.all(
      [['--format', 'markdown'], ['--json'], []].map((f) => runCli('rca', ['show', history.json[0]!.id, ...f, '--db', db], { env })),
    );
    expect(shown.every((s) => s.exitCode === 0)).toBe(true);

    const places: Record<string, string> = {
      'rca --json stdout': r.stdout,
      'rca stderr (debug logging)': r.stderr,
      'model requests': sent,
      'rca plain stdout': plain.stdout,
      'rca plain stderr': plain.stderr,
      'rca show': shown.map((s) => s.stdout + s.stderr).join('\n'),
      'rca history': history.stdout,
      database: allBytes(dir, (n) => n.startsWith('copilot.db')),
    };
    for (const [where, text] of Object.entries(places)) expect(leaksIn(text, corpus), where).toEqual([]);
    expect(PEM.slice(1, -1).filter((l) => places['model requests']!.includes(l))).toEqual([]);
  }, 240_000);
});
