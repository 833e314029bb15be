// Secrets an imported command holds inside its words rather than after a flag: a password in a URL, a secret-named
// variable assignment, a `key: value` line of a here-doc. Each becomes ${RB_<PARAM>}, quoted so the shell still expands it.
import { isSecretName } from '../core/redact.js';
import { paramWord, secretNamer, type SecretNamer } from './import-secret-names.js';

export interface SecretParam {
  name: string;
  /** The program the password was given to, for the param's description. */
  program: string;
  /** What the value was, for the note: "the password in the postgres URL". */
  what: string;
}

/** How the shell reads a character: outside quotes, inside '...' or "...", or in a here-doc body. */
type Ctx = 'none' | 'single' | 'double' | 'heredoc';

interface HereDoc {
  /** Where `'EOF'` / `"EOF"` sits, to unquote it when a reference must expand in its body. */
  delim: { start: number; end: number; word: string } | null;
  bodyStart: number;
  bodyEnd: number;
}

/** The quoting state before each character, and the here-doc bodies (which follow their command's line). */
function scan(text: string): { ctx: Ctx[]; docs: HereDoc[] } {
  const ctx: Ctx[] = new Array(text.length);
  const docs: HereDoc[] = [];
  let state: 'none' | 'single' | 'double' = 'none';
  let pending: Array<{ word: string; quoted: HereDoc['delim'] }> = [];
  for (let i = 0; i < text.length; i++) {
    ctx[i] = state;
    const c = text[i];
    if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (state === 'double') {
      if (c === '\\') ctx[++i] = 'double';
      else if (c === '"') state = 'none';
    } else if (c === '\\') ctx[++i] = 'none';
    else if (c === "'") state = 'single';
    else if (c === '"') state = 'double';
    else if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      const m = /^<<-?\s*(?:'(\w+)'|"(\w+)"|\\?(\w+))/.exec(text.slice(i));
      if (m) {
        const word = m[1] ?? m[2] ?? m[3];
        const q = m[1] ?? m[2];
        const at = i + m[0].length - word.length - (q ? 1 : 0);
        pending.push({ word, quoted: q ? { start: at - 1, end: at + word.length + 1, word } : null });
        for (; i < at + word.length + (q ? 1 : 0) - 1; ) ctx[++i] = 'none';
      }
    } else if (c === '\n' && pending.length) {
      for (const p of pending) {
        const bodyStart = i + 1;
        const end = new RegExp(`^[\\t ]*${p.word}[\\t ]*$`, 'm');
        const m = end.exec(text.slice(bodyStart));
        const bodyEnd = m ? bodyStart + m.index : text.length;
        for (let k = bodyStart; k < bodyEnd; k++) ctx[k] = 'heredoc';
        docs.push({ delim: p.quoted, bodyStart, bodyEnd });
        i = m ? bodyEnd + m[0].length - 1 : text.length;
      }
      pending = [];
    }
  }
  return { ctx, docs };
}

/** A reference to RB_<NAME> that expands to the value wherever it replaces one. */
function reference(env: string, ctx: Ctx): string {
  if (ctx === 'single') return `'"\${${env}}"'`;
  if (ctx === 'none') return `"\${${env}}"`;
  return `\${${env}}`;
}

const isReference = (v: string) => /^["']?(\$|\{\{)/.test(v);
const unquote = (v: string) => (/^(["']).*\1$/s.test(v) ? v.slice(1, -1) : v);
const param = (raw: string) => paramWord(raw) || 'secret';

interface Found {
  start: number;
  end: number;
  /** Names the param could take, best first (secretNamer picks one per distinct value). */
  names: string[];
  what: string;
  /** The value keeps its quotes; only the text between them is replaced. */
  inner?: boolean;
}

function findings(text: string, ctx: Ctx[]): Found[] {
  const out: Found[] = [];
  // scheme://user:PASSWORD@host (user may be empty: redis://:secret@cache).
  for (const m of text.matchAll(/\b([a-z][a-z0-9+.-]*):\/\/([^\s:@/"'\\$]*):([^\s@/"'\\]+)@/gi)) {
    const [, scheme, user, password] = m;
    if (isReference(password)) continue;
    const start = m.index + m[0].length - 1 - password.length;
    // Named after what it opens: the host (and user), not the scheme two different URLs share.
    const host = paramWord(/^[^\s/:?#"'\\;&|)]*/.exec(text.slice(m.index + m[0].length))![0]);
    const who = paramWord(user);
    const names = host ? [`${host}_password`, ...(who ? [`${who}_${host}_password`] : [])] : [...(who ? [`${who}_password`] : []), `${param(scheme)}_password`];
    const at = host ? `${user ? `${user}@` : ''}${host}` : user;
    out.push({ start, end: start + password.length, names, what: `the password ${at ? `of ${at} ` : ''}in the ${scheme} URL` });
  }
  // NAME=value (also after export): an environment assignment on the command line or in a here-doc body.
  for (const m of text.matchAll(/(^|[\s;&|(])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"\n]*"|'[^'\n]*'|[^\s;&|)'"]+)/g)) {
    if (!isSecretName(m[2]) || isReference(m[3]) || unquote(m[3]) === '') continue;
    const start = m.index + m[0].length - m[3].length;
    out.push({ start, end: start + m[3].length, names: [param(m[2])], what: `the value of ${m[2]}` });
  }
  // key: value / key = value lines of a config file written by a here-doc.
  for (const m of text.matchAll(/^([ \t]*["']?)([A-Za-z0-9_.-]+)(["']?[ \t]*(?::|=)[ \t]*)(\S(?:.*\S)?)[ \t]*$/gm)) {
    const value = m[4];
    if (ctx[m.index] !== 'heredoc' || !isSecretName(m[2]) || isReference(value) || /^[|>{[&*!#]/.test(value)) continue;
    const start = m.index + m[1].length + m[2].length + m[3].length;
    const quoted = /^(["']).+\1$/.test(value);
    out.push({ start: start + (quoted ? 1 : 0), end: start + value.length - (quoted ? 1 : 0), names: [param(m[2])], what: `the ${m[2]} value of a here-doc`, inner: true });
  }
  // The first finding at a place wins (a URL's password before the whole DATABASE_URL value around it).
  const kept: Found[] = [];
  for (const f of out) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept;
}

/**
 * Replaces secrets inside words and here-docs by ${RB_<PARAM>}; `namer` is the runbook's (one per command by default). A quoted here-doc delimiter (<<'EOF') is unquoted when
 * its body holds a replaced value and nothing else the shell would expand; otherwise the note says to set it by hand.
 */
export function replaceInlineSecrets(cmd: string, asData = false, namer: SecretNamer = secretNamer()): { cmd: string; secrets: SecretParam[]; byHand: boolean } {
  // A config snippet shown to the reviewer is read like a here-doc body: every line is data.
  const { ctx, docs } = asData ? { ctx: new Array<Ctx>(cmd.length).fill('heredoc'), docs: [] } : scan(cmd);
  const found = findings(cmd, ctx);
  const secrets: SecretParam[] = [];
  const edits: Array<{ start: number; end: number; text: string }> = [];
  let byHand = false;
  for (const f of found) {
    const c = ctx[f.start] ?? 'none';
    const name = namer.name(unquote(cmd.slice(f.start, f.end)), f.names);
    const env = `RB_${name.toUpperCase()}`;
    edits.push({ start: f.start, end: f.end, text: f.inner || c === 'heredoc' ? `\${${env}}` : reference(env, c) });
    if (!secrets.some((s) => s.name === name)) secrets.push({ name, program: name, what: f.what });
  }
  for (const d of docs) {
    if (!d.delim || !found.some((f) => f.start >= d.bodyStart && f.end <= d.bodyEnd)) continue;
    if (/[$`\\]/.test(cmd.slice(d.bodyStart, d.bodyEnd))) byHand = true;
    else edits.push({ start: d.delim.start, end: d.delim.end, text: d.delim.word });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = cmd;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { cmd: out, secrets, byHand };
}
