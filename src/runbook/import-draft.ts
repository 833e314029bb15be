// Turns an imported Markdown scenario into a draft runbook: diagnosis commands as tolerant read-only steps,
// mitigation commands with mutating ones marked and "If ..." branches behind params, verification as checks.
import { stringify } from 'yaml';
import type { MdCommand, MdScenario } from './import-md.js';
import { replaceInlineSecrets } from './import-inline-secrets.js';
import { secretNamer } from './import-secret-names.js';
import { replaceAllSecrets, sanitizeImported } from './import-secrets.js';

const MUTATING = [
  /\b(docker(-compose)?|podman|compose)\s+(\S+\s+)*(restart|stop|start|kill|rm|rmi|run|create|up|down|update|rollback|pull|scale|prune)\b/,
  /\b(systemctl|service)\s+(\S+\s+)*(restart|stop|start|reload|enable|disable)\b/,
  /\bkubectl\s+(apply|delete|scale|rollout|patch|edit|replace|drain|cordon)\b/,
  /\b(rm|mv|cp|chmod|chown|truncate|dd|mkfs|kill|pkill|killall|reboot|shutdown|tar\s+-x\w*|gzip|make\s+backup)\b/,
  /\bsed\s+-i\b/, /\bset-initial-password\b/, /\b(DELETE|DROP|TRUNCATE|UPDATE|INSERT)\b/, /\bgit\s+(revert|reset|push|commit|checkout)\b/,
  /(^|\s)>\s*[^&]/, /\.\/scripts\/\S*(restore|create|backup)/,
];
const FOREVER = /\b(watch|tail\s+-f|logs\s+(\S+\s+)*-f|--follow)\b|\s-f(\s|$)/;

export function isMutating(cmd: string): boolean {
  return MUTATING.some((re) => re.test(cmd));
}

export function slug(text: string, max = 40): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '') || 'x';
}

function action(cmd: string): { run: string | string[]; shell?: true } {
  if (/[|&;<>()$`*?'"\\]/.test(cmd)) return { run: cmd, shell: true };
  return { run: cmd.split(/\s+/) };
}

function signatures(prose: string[]): string[] {
  const out = new Set<string>();
  for (const p of prose) {
    for (const m of p.matchAll(/`([^`]+)`|"([^"]{4,80})"/g)) {
      const s = (m[1] ?? m[2]).trim();
      if (/^(curl|docker|kubectl)\b/.test(s)) continue;
      out.add(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
  }
  return [...out];
}

interface DraftStep {
  id: string;
  description: string;
  run: string | string[];
  shell?: true;
  mutating?: true;
  continue_on_error?: true;
  timeout?: string;
  when?: string;
}

export interface Draft {
  id: string;
  file: string;
  yaml: string;
  mutating: string[];
  /** What was changed from the source and why (a password made a param, a TTY flag dropped). */
  notes: string[];
}

export function draftFromScenario(sc: MdScenario, source: string, prefix = 'RB-IMP'): Draft {
  const s = slug(sc.title.replace(/^scenario\s*\d+\s*:?\s*/i, ''));
  const id = `${prefix}-${s.toUpperCase()}`;
  const ids = new Set<string>();
  const params: Array<Record<string, unknown>> = [];
  const manual: string[] = [];
  const uid = (base: string) => {
    let id2 = base;
    for (let n = 2; ids.has(id2); n++) id2 = `${base}-${n}`;
    ids.add(id2);
    return id2;
  };
  const steps: DraftStep[] = [];
  const notes: string[] = [];
  // One namer for the whole draft: a password repeated in two steps is one param, two different ones are two.
  const namer = secretNamer();
  /** The command as it may be written to the file: no password in it, no TTY it cannot have. */
  const clean = (text: string, where: string): { cmd: string; note: string } => {
    const s = sanitizeImported(text, namer);
    const said: string[] = [];
    for (const sec of s.secrets) {
      if (!params.some((p) => p.name === sec.name)) {
        params.push({ name: sec.name, description: `Secret: ${sec.what} (the source had it written out; pass it at run time, it is never stored in this file)`, required: true });
      }
      said.push(`${sec.what} is param ${sec.name}`);
    }
    if (s.byHand) said.push('the quoted here-doc does not expand it: write the value in by hand when running it');
    if (s.droppedTty) said.push('-t dropped: the run has no terminal');
    if (said.length) notes.push(`${where}: ${said.join('; ')}`);
    return { cmd: s.cmd, note: said.length ? ` (${said.join('; ')})` : '' };
  };
  const toSteps = (cmds: MdCommand[], kind: 'diag' | 'fix') => {
    let branch: { group: number; when: string } | null = null;
    let prev: DraftStep | null = null;
    for (const c of cmds) {
      const ifComment = c.comments.find((x) => /^if\b/i.test(x));
      if (ifComment) {
        if (/\bfail/i.test(ifComment) && prev) {
          prev.continue_on_error = true;
          branch = { group: c.group, when: `steps.${prev.id}.success == false` };
        } else {
          const name = `apply_${slug(ifComment.replace(/^if\s+/i, ''), 30).replace(/-/g, '_')}`;
          if (!params.some((p) => p.name === name)) params.push({ name, description: `Set to yes when: ${ifComment}`, default: 'no', pattern: '^(yes|no)$' });
          branch = { group: c.group, when: `params.${name} == "yes"` };
        }
      } else if (branch && branch.group !== c.group) branch = null;
      // The id is made from the command without its secrets (a password in the first words must not reach it).
      const id = uid(`${kind}-${slug(replaceAllSecrets(c.text, namer).cmd.split(/\s+/).slice(0, 3).join(' '), 30)}`);
      const { cmd, note } = clean(c.text, id);
      const step: DraftStep = {
        id,
        description: (c.comments.join('; ') || (kind === 'diag' ? 'Diagnosis' : 'Mitigation')) + note,
        ...action(cmd),
      };
      if (kind === 'diag') step.continue_on_error = true;
      if (kind === 'fix' && isMutating(c.text)) step.mutating = true;
      if (FOREVER.test(c.text)) {
        step.timeout = '60s';
        step.continue_on_error = true;
        step.description += ' (follows output: stopped after 60 s)';
      }
      if (branch) step.when = branch.when;
      steps.push(step);
      prev = step;
    }
  };
  toSteps(sc.parts.diagnosis?.commands ?? [], 'diag');
  toSteps(sc.parts.mitigation?.commands ?? [], 'fix');
  for (const snippet of [sc.parts.diagnosis, sc.parts.mitigation].flatMap((part) => part?.snippets ?? [])) {
    // A snippet is never run, so its secrets become a placeholder to fill in by hand, not a param.
    const r = replaceInlineSecrets(snippet, true, namer);
    for (const sec of r.secrets) notes.push(`manual edit: ${sec.what} is shown as \${RB_${sec.name.toUpperCase()}} (the source had it written out)`);
    manual.push(r.cmd);
  }

  let verify: Record<string, unknown> | undefined;
  const vcmds = sc.parts.verification?.commands ?? [];
  if (vcmds.length) {
    let within = 0;
    const checks = vcmds.map((c, i) => {
      const w = /^watch\s+(?:-n\s*(\d+)\s+)?(['"])(.*)\2$/.exec(c.text);
      if (w) within = Math.max(within, 60);
      const name = uid(`check-${i + 1}`);
      const { cmd, note } = clean(w ? w[3] : c.text, name);
      return { name, description: c.comments.join('; ') + note || undefined, ...action(cmd), expect: { exit_code: 0 } };
    });
    verify = { method: 'imported_verification', ...(within ? { within: `${within}s`, interval: '5s' } : {}), checks };
  }

  const symptoms = sc.parts.symptoms?.prose ?? [];
  const description = [
    `Draft imported from ${source} (${sc.title}, line ${sc.line}). Review every step before approving it.`,
    symptoms.length ? `Symptoms: ${symptoms.join('; ')}.` : '',
    ...sc.notes.map((n) => `Note: ${n}`),
    manual.length ? `Manual edits described in the source (not automated):\n${manual.join('\n---\n')}` : '',
  ].filter(Boolean).join('\n');
  const doc: Record<string, unknown> = {
    id,
    version: 1,
    title: sc.title.replace(/^scenario\s*\d+\s*:?\s*/i, ''),
    description,
    tags: ['imported', 'draft'],
    match: { categories: [], signatures: signatures(symptoms), services: [] },
    params,
    steps,
    ...(verify ? { verify } : {}),
  };
  if (params.length === 0) delete doc.params;
  const header = `# DRAFT imported by \`runbook import\` from ${source}: ${sc.title}. It waits for a person's review
# (runbook review) and runs before that only with --candidate.
# Mutating steps are marked mutating: true; "If ..." branches run only when their apply_* param is yes.\n`;
  return { id, file: `${slug(sc.title)}.yaml`, yaml: header + stringify(doc, { lineWidth: 0 }), mutating: steps.filter((x) => x.mutating).map((x) => x.id), notes };
}
