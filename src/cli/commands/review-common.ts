// Helpers of the review commands (not a command itself): the reviewer's identity (--reviewer, then
// `git config user.name`, then $USER) and the --reviewer option every decision command takes.
import { execFileSync } from 'node:child_process';
import type { Command } from 'commander';
import { versionLabel, type RunbookVersion } from '../../store/index.js';

export function reviewerOption(cmd: Command): Command {
  return cmd.option('--reviewer <name>', 'who decides (default git config user.name, then $USER)');
}

export function gitUserName(cwd = process.cwd()): string | null {
  try {
    const out = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out || null;
  } catch {
    return null;
  }
}

export function reviewerIdentity(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, git: () => string | null = gitUserName): string {
  const given = flag?.trim();
  if (given) return given;
  return git() ?? (env.USER?.trim() || env.USERNAME?.trim() || 'unknown');
}

/** What a decision command prints: the version as JSON, or one line. */
export function decisionOutput(v: RunbookVersion, json: boolean, line: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ id: versionLabel(v.runbook_id, v.version), runbook_id: v.runbook_id, version: v.version, status: v.status, parent_version: v.parent_version, reviewer: v.reviewer, notes: v.notes, reviewed_at: v.reviewed_at }, null, 2)}\n`);
  } else {
    process.stdout.write(`${line}\n`);
  }
}
