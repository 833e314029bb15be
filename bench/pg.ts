// The team store on PostgreSQL, on a real server this bench starts (Debian's postgresql, initdb in a temp dir):
// 1. 32 concurrent `runbook exec --json` processes: without a restart, with `pg_ctl restart` mid-run, and with the
//    server down longer than the retry window (every run that cannot record must say so and still print its result);
// 2. history, per-version success rates and `runbook stats` over 1,000,000 executions, next to SQLite holding the
//    same rows, in the same run. Build first (npm run build). Run: npm run bench:pg [-- --skip-exec | --skip-queries]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../test/helpers/postgres.js';
import { describeRound, execRound, outageMidRun, PROCESSES, restartMidRun, type RoundResult } from './pg-exec.js';
import { queryBench } from './pg-queries.js';

const args = new Set(process.argv.slice(2));
const log = (m: string) => process.stdout.write(`${m}\n`);
const dir = mkdtempSync(join(tmpdir(), 'bench-pg-'));
const server = await startPostgres();
let failed = false;
try {
  if (!args.has('--skip-exec')) {
    log(`${PROCESSES} concurrent \`runbook exec --json\` (built CLI, 6 steps of sleep 0.5 each) on one PostgreSQL database:`);
    const rounds: RoundResult[] = [];
    const url = await server.createDatabase('bench_exec');
    rounds.push(await execRound({ name: 'no restart', server, url, dir }));
    log(describeRound(rounds[rounds.length - 1]));
    rounds.push(await execRound({ name: 'pg_ctl restart mid-run', server, url, dir, during: restartMidRun(server, url, log) }));
    log(describeRound(rounds[rounds.length - 1]));
    // Down longer than a 1 s retry window: the runs that end meanwhile cannot record, which they must say and print.
    rounds.push(await execRound({ name: 'server down 5 s, retry 1 s', server, url, dir, env: { INCIDENT_COPILOT_PG_RETRY_MS: '1000' }, during: outageMidRun(server, url, 5_000) }));
    log(describeRound(rounds[rounds.length - 1]));
    const [plain, restarted] = rounds;
    for (const r of [plain, restarted]) if (r.recorded !== PROCESSES || r.lost || r.duplicated || r.stray) failed = true;
    const last = rounds[2];
    if (last.lost || last.duplicated || last.stray || last.printed + last.refusedToStart !== PROCESSES) failed = true;
    log(`  target: ${PROCESSES} recorded, 0 lost, 0 duplicated (with and without the restart); with the outage every run that could not record says so -> ${failed ? 'MISSED' : 'met'}`);
  }
  if (!args.has('--skip-queries')) {
    log('');
    if (!(await queryBench({ server, dir, log }))) failed = true;
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
