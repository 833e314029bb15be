// Reads a Markdown runbook into scenarios: a heading whose section has Symptoms / Diagnosis / Mitigation /
// Verification parts (bold labels or sub-headings), each part with its prose and the commands of its bash blocks.

export const PARTS = ['symptoms', 'diagnosis', 'mitigation', 'verification'] as const;
export type PartName = (typeof PARTS)[number];

export interface MdCommand {
  /** The command line(s), continuations joined. */
  text: string;
  /** The comment lines right above it. */
  comments: string[];
  /** Commands in one paragraph of a code block (no blank line between) share a group. */
  group: number;
}

export interface MdPart {
  prose: string[];
  commands: MdCommand[];
  /** Config snippets found inside code blocks (not commands): shown to the reviewer, never run. */
  snippets: string[];
}

export interface MdScenario {
  title: string;
  line: number;
  notes: string[];
  parts: Partial<Record<PartName, MdPart>>;
}

const LABEL_RE = /^\s*(?:\*\*|__)?\s*(symptoms|diagnosis|mitigation|verification)\s*:?\s*(?:\*\*|__)?\s*:?\s*$/i;
const HEADING_RE = /^(#{1,6})\s+(.*)$/;
const NOTE_RE = /^\s*\*\*Note:?\*\*:?\s*(.*)$/i;

/** Splits one fenced block into commands (comments attached) and config snippets. */
export function blockCommands(lines: string[]): { commands: MdCommand[]; snippets: string[] } {
  const commands: MdCommand[] = [];
  const snippets: string[] = [];
  let comments: string[] = [];
  let snippet: string[] | null = null;
  let group = 0;
  // Comments above a config snippet describe the command that applies it (e.g. "If OOM killer ... edit X").
  let carry: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (snippet) {
      if (/^\s+\S/.test(raw) || (raw.trim() === '' && /^\s+\S/.test(lines[i + 1] ?? ''))) {
        snippet.push(raw);
        continue;
      }
      snippets.push(snippet.join('\n'));
      snippet = null;
    }
    const line = raw.trim();
    if (line === '') {
      comments = carry ?? [];
      if (!carry) group++;
      continue;
    }
    if (line.startsWith('#!')) continue;
    if (line.startsWith('#')) {
      comments.push(line.replace(/^#+\s*/, ''));
      continue;
    }
    if (/^[A-Za-z0-9_.-]+:\s*(#.*)?$/.test(line)) {
      snippet = [`${comments.length ? `# ${comments.join(' / ')}\n` : ''}${raw}`];
      carry = comments.length ? [...comments.slice(0, -1), `${comments[comments.length - 1]} (the manual edit shown in the description first)`] : null;
      comments = carry ?? [];
      continue;
    }
    let text = line;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1).trimEnd()} ${lines[++i].trim()}`;
    text = text.replace(/\s+#\s.*$/, '').trim();
    // A here-doc's body and terminator belong to its command (they are data, not commands of their own).
    for (const doc of text.matchAll(/<<-?\s*(?:'(\w+)'|"(\w+)"|\\?(\w+))/g)) {
      const word = doc[1] ?? doc[2] ?? doc[3];
      const body: string[] = [];
      while (i + 1 < lines.length && lines[i + 1].trim() !== word) body.push(lines[++i]);
      if (i + 1 < lines.length) i++;
      text += `\n${[...body, word].join('\n')}`;
    }
    commands.push({ text, comments, group });
    comments = [];
    carry = null;
  }
  if (snippet) snippets.push(snippet.join('\n'));
  return { commands, snippets };
}

export function parseMarkdownRunbook(md: string): MdScenario[] {
  const lines = md.split(/\r?\n/);
  const scenarios: MdScenario[] = [];
  let current: MdScenario | null = null;
  let currentLevel = 0;
  let part: MdPart | null = null;
  const flush = () => {
    if (current && (current.parts.mitigation || current.parts.diagnosis)) scenarios.push(current);
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const h = HEADING_RE.exec(line);
    if (h) {
      const level = h[1].length;
      const label = LABEL_RE.exec(h[2]);
      if (label && current && level > currentLevel) {
        part = current.parts[label[1].toLowerCase() as PartName] = { prose: [], commands: [], snippets: [] };
        continue;
      }
      flush();
      current = { title: h[2].replace(/[*_`]/g, '').trim(), line: i + 1, notes: [], parts: {} };
      currentLevel = level;
      part = null;
      continue;
    }
    if (!current) continue;
    const label = LABEL_RE.exec(line);
    if (label) {
      part = current.parts[label[1].toLowerCase() as PartName] = { prose: [], commands: [], snippets: [] };
      continue;
    }
    const note = NOTE_RE.exec(line);
    if (note) {
      current.notes.push(note[1]);
      continue;
    }
    if (/^\s*```/.test(line)) {
      const lang = line.trim().slice(3).trim().toLowerCase();
      const body: string[] = [];
      while (i + 1 < lines.length && !/^\s*```/.test(lines[i + 1])) body.push(lines[++i]);
      i++;
      if (!part) continue;
      if (lang === '' || /^(bash|sh|shell|console|zsh)$/.test(lang)) {
        const { commands, snippets } = blockCommands(body);
        part.commands.push(...commands);
        part.snippets.push(...snippets);
      } else part.snippets.push(body.join('\n'));
      continue;
    }
    if (part && line.trim() !== '') part.prose.push(line.trim().replace(/^[-*]\s+/, ''));
  }
  flush();
  return scenarios;
}
