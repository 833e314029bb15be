// The Bank of Anthos holdout generator is deterministic and still writes what was measured, in a layout bench:real
// accepts: one case built twice has the same bytes, and those of the committed cases.tar.gz; its truth.json passes bench's schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-bankofanthos/generate.js';
import { CASES } from '../../fixtures/holdout-bankofanthos/gen/cases.js';
import { buildMatchesTarball, buildTwiceIdentical } from '../helpers/generator-build.js';

const TARBALL = fileURLToPath(new URL('../../fixtures/holdout-bankofanthos/cases.tar.gz', import.meta.url));

describe('Bank of Anthos holdout generator', () => {
  const c = CASES.find((x) => x.fault.type === 'token_key_mismatch')!; // a night case with a restart and short logs

  it('builds one case twice byte for byte', { timeout: 60_000 }, () => {
    const { files } = buildTwiceIdentical(build, c, 'boa');
    expect(files.some((f) => f.endsWith(join('logs', 'frontend.log')))).toBe(true);
  });

  it('writes that case as in the committed cases.tar.gz, in the layout bench:real reads', { timeout: 60_000 }, () => {
    const { dir } = buildMatchesTarball(build, c, 'boa', TARBALL);
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('balancereader');
    expect(truth.system).toBe('bankofanthos');
    expect(readFileSync(join(dir, 'incident.txt'), 'utf8')).toMatch(/^Bank of Anthos \((Locust at the frontend|support desk)\): .+ since about \d\d:\d\d UTC/);
    const om = readFileSync(join(dir, 'metrics', 'metrics.om'), 'utf8');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(om).toMatch(/^http_server_requests_seconds_count\{instance="[\d.]+:8080",job="kubernetes-pods",namespace="bank-of-anthos",pod="balancereader-[a-z0-9]+-[a-z0-9]{5}",exception="None",method="GET",outcome="CLIENT_ERROR",status="401",uri="\/balances\/\{accountId\}"\} \d+ \d+$/m);
    expect(om).toMatch(/^kube_pod_container_status_restarts_total\{container="balancereader",.*\} 1 \d+$/m);
    expect(om).toMatch(/^pg_stat_database_xact_commit_total\{.*pod="ledger-db-0",datname="postgresdb"\} \d+ \d+$/m);
    expect(om).not.toMatch(/^http_server_requests_seconds_count\{[^}]*pod="frontend-/m); // the Flask services export no metrics
    const br = readFileSync(join(dir, 'logs', 'balancereader.log'), 'utf8');
    expect(br).toMatch(/"trace_id": [0-9a-f]{32}, .*"message": "getBalance \| Failed to retrieve account balance: not authorized"/);
    expect(br).toMatch(/"trace_id": , .*Started BalanceReaderApplication/); // log4j2 leaves the unquoted MDC field empty outside a request
  });
});
