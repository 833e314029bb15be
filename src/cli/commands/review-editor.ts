// Edits a candidate's YAML in $VISUAL / $EDITOR: a temp file, the editor on the terminal, and the text
// back only when the editor exits 0 (a non-zero exit changes nothing).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitArgs } from '../../learn/improve-rules.js';

export type EditorResult = { ok: true; text: string } | { ok: false; message: string };

export function editorCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.VISUAL?.trim() || env.EDITOR?.trim() || 'vi';
  return splitArgs(raw);
}

export function editText(text: string, name: string, env: NodeJS.ProcessEnv = process.env): EditorResult {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-edit-'));
  const file = join(dir, `${name}.yaml`);
  try {
    writeFileSync(file, text);
    const [cmd, ...args] = editorCommand(env);
    const r = spawnSync(cmd, [...args, file], { stdio: 'inherit', env });
    if (r.error) return { ok: false, message: `could not start the editor ${cmd}: ${r.error.message}; nothing changed` };
    if (r.status !== 0) return { ok: false, message: `the editor ${cmd} exited with ${r.status ?? r.signal}; nothing changed` };
    return { ok: true, text: readFileSync(file, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
