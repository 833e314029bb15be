// Shared pieces for hub tests: launch specs for the fixture server and server-everything,
// an event recorder, and a poll-until helper (no sleeps: a condition with a deadline).
import { resolve } from 'node:path';
import type { InvestigationEvent } from '../../src/core/events.js';
import type { ServerLaunchSpec } from '../../src/mcp/index.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const FIXTURE_SERVER = resolve(import.meta.dirname, 'fixtures', 'test-server.mjs');
export const EVERYTHING_BIN = resolve(ROOT, 'node_modules', '.bin', 'mcp-server-everything');

export function fixtureSpec(name: string, ...args: string[]): ServerLaunchSpec {
  return { name, command: process.execPath, args: [FIXTURE_SERVER, ...args], builtin: false };
}

export function everythingSpec(name = 'everything'): ServerLaunchSpec {
  return { name, command: EVERYTHING_BIN, args: ['stdio'], builtin: false };
}

export function recorder() {
  const events: InvestigationEvent[] = [];
  return { events, sink: (e: InvestigationEvent) => void events.push(e) };
}

/** Polls `check` until it returns true or the deadline passes (then fails with `what`). */
export async function waitFor(check: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
