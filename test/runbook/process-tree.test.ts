// Step timeouts and interrupts on real process trees: a shell that ignores TERM, background children that
// hold the pipes or outlive their parent with output redirected, a setsid escapee; nothing of the step's group survives.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { executeRunbook } from '../../src/runbook/executor.js';
import { runbookFrom, tempDir } from './helpers.js';

/** Alive means present and not a zombie waiting for a parent that does not reap (PID 1 in a container may not). */
function alive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    return readFileSync(stat, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

function pidsIn(file: string): number[] {
  return readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number);
}

/** Kills what a test started if an assertion failed, so a failing run leaves no sleeper behind. */
function reap(file: string): void {
  onTestFinished(() => {
    if (!existsSync(file)) return;
    for (const pid of pidsIn(file)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });
}

async function runScript(script: string, timeout: string, signal?: AbortSignal) {
  const runbook = runbookFrom(`id: RB-T\ntitle: T\nsteps:\n  - id: tree\n    run: [sh, -c, ${JSON.stringify(script)}]\n    timeout: ${timeout}\n`);
  return executeRunbook({ runbook, version: 1, params: {}, yes: true, signal });
}

/** Polls /proc until the pids are gone; the group was sent KILL, so this only waits for the kernel. */
async function gone(pids: number[]): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (pids.every((p) => !alive(p))) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return pids.every((p) => !alive(p));
}

describe('step timeouts on process trees', () => {
  it('kills a shell that ignores TERM and the background child holding its pipes (TERM, then KILL)', async () => {
    const dir = tempDir();
    const pids = join(dir, 'pids');
    reap(pids);
    // The shell and, by inheritance, its children ignore TERM: only KILL of the group ends them.
    const result = await runScript(`trap "" TERM; sleep 47 & echo $! > ${pids}; echo $$ >> ${pids}; sleep 46`, '1s');
    expect(result.executed_steps[0]).toMatchObject({ timed_out: true, success: false, error: 'timed out after 1000 ms' });
    expect(pidsIn(pids)).toHaveLength(2);
    expect(await gone(pidsIn(pids))).toBe(true);
  }, 20_000);

  it('leaves no orphan when the background child has its output redirected', async () => {
    const dir = tempDir();
    const pids = join(dir, 'pids');
    reap(pids);
    const result = await runScript(`trap "" TERM; sleep 33 >/dev/null 2>&1 & echo $! > ${pids}; sleep 46`, '500ms');
    expect(result.executed_steps[0]).toMatchObject({ timed_out: true, success: false });
    expect(await gone(pidsIn(pids))).toBe(true);
  }, 20_000);

  it('ends the step when a process that left the group (setsid) still holds the pipes', async () => {
    const dir = tempDir();
    const pids = join(dir, 'pids');
    reap(pids);
    const result = await runScript(`setsid sh -c 'echo $$ > ${pids}; exec sleep 45' & sleep 44`, '500ms');
    expect(result.executed_steps[0]).toMatchObject({ timed_out: true, success: false });
    // It is outside the group, so it lives on (reap() ends it); the step did not wait for it.
    expect(pidsIn(pids)).toHaveLength(1);
  }, 20_000);

  it('an interrupt kills the whole group, not only the shell', async () => {
    const dir = tempDir();
    const pids = join(dir, 'pids');
    reap(pids);
    const controller = new AbortController();
    const pending = runScript(`sleep 41 & echo $! > ${pids}; sleep 42`, '60s', controller.signal);
    for (let i = 0; i < 2000 && !(existsSync(pids) && readFileSync(pids, 'utf8').trim()); i++) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const result = await pending;
    expect(result.status).toBe('interrupted');
    expect(await gone(pidsIn(pids))).toBe(true);
  }, 20_000);

  it('a step that finishes in time keeps its output and leaves its background daemon running', async () => {
    const dir = tempDir();
    const pids = join(dir, 'pids');
    reap(pids);
    // Starting a service in the background is a legitimate step: only a timeout or an interrupt kills the group.
    const result = await runScript(`sleep 39 >/dev/null 2>&1 & echo $! > ${pids}; echo started`, '10s');
    expect(result.executed_steps[0]).toMatchObject({ success: true, stdout: 'started\n' });
    expect(alive(pidsIn(pids)[0]!)).toBe(true);
  }, 20_000);
});
