// `runbook stats [--json]`: whether the learning helps: approval rate, candidates per week, success rate
// per runbook version with a bar each, the queue by state and priority, and the alerts.
import type { Command } from 'commander';
import { learnStats, type LearnStats } from '../../learn/stats.js';
import { bar, lastWeeks, sparkline } from '../../learn/stats-chart.js';
import { action } from '../boundary.js';
import { colorFor, useColor, writeJson } from '../output.js';
import { dbOption } from '../options.js';
import { withCommandStore } from './with-store.js';

export function register(program: Command): void {
  const cmd = program
    .command('stats')
    .description('learning-loop statistics: approval rate, improvements per week, success rate per version, queue, alerts')
    .option('--json', 'print the statistics as JSON')
    .option('--runbook <id>', "only this runbook's versions (the per-version table and its regression alerts)");
  dbOption(cmd).action(
    action(async (flags: { json?: boolean; runbook?: string; db?: string }) => {
      withCommandStore(flags, {}, (db) => {
        const shown = learnStats(db, new Date(), 8, { runbookId: flags.runbook });
        if (flags.json) writeJson(shown);
        else process.stdout.write(renderStats(shown, new Date(shown.generated_at), !useColor(process.stdout)));
      });
    }),
  );
}

const pct = (r: number | null) => (r === null ? '  - ' : `${String(Math.round(r * 100)).padStart(3)} %`);

export function renderStats(s: LearnStats, now: Date, ascii: boolean): string {
  const c = colorFor(ascii ? { isTTY: false, write: () => true } : process.stdout);
  const a = s.approval;
  const lines: string[] = [];
  lines.push(c.bold('Review'));
  lines.push(`  ${a.candidates} candidates: ${a.approved} approved, ${a.rejected} rejected, ${a.needs_changes} need changes, ${a.pending} pending`);
  lines.push(`  approval rate ${a.approval_rate === null ? 'n/a (nothing decided yet)' : pct(a.approval_rate).trim()}`);
  const weeks = lastWeeks(now, 8);
  const counts = weeks.map((w) => s.improvements_per_week.find((x) => x.week === w)?.count ?? 0);
  lines.push(`  improvements per week (last 8): ${sparkline(counts, { ascii })}  ${counts.join(' ')}`);
  lines.push(c.bold('Queue'));
  if (s.queue.length === 0) lines.push('  empty: nothing waits for review');
  for (const q of s.queue) lines.push(`  ${q.status.padEnd(15)} ${q.priority.padEnd(7)} ${String(q.count).padStart(4)}  oldest ${q.oldest}`);
  const waiting = s.queue.reduce((n, q) => n + q.count, 0);
  if (waiting) lines.push(`  ${waiting} waiting (${a.pending} pending, ${a.needs_changes} need changes): runbook queue, runbook review`);
  lines.push(c.bold('Success rate per version'));
  if (s.versions.length === 0) lines.push('  no runbook versions yet');
  let current = '';
  for (const v of s.versions) {
    if (v.runbook_id !== current) {
      current = v.runbook_id;
      lines.push(`  ${v.runbook_id}`);
    }
    const runs = v.total ? `${v.successes}/${v.total} runs` : 'no runs';
    lines.push(`    v${String(v.version).padEnd(3)} ${v.status.padEnd(15)} ${bar(v.success_rate, { ascii, width: 20 })} ${pct(v.success_rate)}  ${runs}`);
  }
  lines.push(c.bold('Alerts'));
  if (s.alerts.length === 0) lines.push('  none');
  for (const al of s.alerts) lines.push(c.red(`  ! ${al.message}`));
  return `${lines.join('\n')}\n`;
}
