// Finds where the message starts in lines of an unknown format, learned per file from a sample:
// the position of the level word, a `component:` tag, a lone `-` separator, `|`-separated headers, timestamps.
import { levelWord } from '../levels.js';
import { isNumberField, isTimeField, splitFields, type Field } from './fields.js';

export interface HeaderModel {
  pipeFields: number; // > 0: the header is that many `|`-separated fields
  levelAt: number; // field index of the level word, -1 when none
  tagAt: number; // field index of the `component:` tag, -1 when none
  dashAt: number; // field index of a lone `-` separator, -1 when none
  numAt: number; // last field index holding a number on nearly every line (ids, epochs), -1 when none
}

const SINGLE_LEVELS = new Set(['V', 'D', 'I', 'W', 'E', 'F']);
const TAG = /^[^\s:]{1,120}:$/;
const DOTTED = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)+:?$/;

function isLevelField(t: string, allowSingle: boolean): boolean {
  const s = t.replace(/^\[(.*)\]:?$/, '$1').replace(/:$/, '');
  if (allowSingle && SINGLE_LEVELS.has(s)) return true;
  return /^[A-Za-z]{3,11}$/.test(s) && levelWord(s) !== null;
}

function mode(values: number[]): [number, number] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = -1;
  let bestN = 0;
  for (const [v, n] of counts) if (v >= 0 && n > bestN) [best, bestN] = [v, n];
  return [best, bestN];
}

export function learnHeader(sample: readonly string[]): HeaderModel {
  const lines = sample.filter((l) => l.trim().length > 0).slice(0, 2000);
  const need = Math.max(1, Math.ceil(lines.length * 0.5));
  const model: HeaderModel = { pipeFields: 0, levelAt: -1, tagAt: -1, dashAt: -1, numAt: -1 };
  if (lines.length === 0) return model;

  const firstTokens = lines.map((l) => l.split(/\s/, 1)[0] ?? '');
  const pipeCounts = firstTokens.map((t) => (t.match(/\|/g) ?? []).length);
  const [pipes, pipeN] = mode(pipeCounts.filter((c) => c >= 2));
  if (pipes >= 2 && pipeN >= lines.length * 0.8) {
    model.pipeFields = pipes;
    return model;
  }

  const fields = lines.map((l) => splitFields(l));
  const levelPos = fields.map((fs) => fs.findIndex((f, i) => i < 10 && isLevelField(f.text, i > 0)));
  const [levelAt, levelN] = mode(levelPos);
  // Single-letter levels only count when they sit in one column on most lines.
  if (levelN >= need) model.levelAt = levelAt;

  const tagPos = fields.map((fs) => fs.findIndex((f, i) => i > 0 && i < 10 && TAG.test(f.text) && !isTimeField(f.text)));
  const [tagAt, tagN] = mode(tagPos);
  if (model.levelAt < 0 && tagN >= need) model.tagAt = tagAt;

  // A lone `-` among the first fields on nearly every line separates header from message; its column
  // may shift by one when a header field holds a space (`chrome.exe *64 - ...`).
  const dashPos = fields.map((fs) => {
    let last = -1;
    for (let i = 0; i < Math.min(fs.length, 6); i++) if (fs[i]!.text === '-') last = i;
    return last;
  });
  const withDash = dashPos.filter((p) => p >= 0).length;
  if (withDash >= lines.length * 0.8) model.dashAt = Math.max(...dashPos);

  // Numbers in one column on nearly every line of a file with neither level nor tag: ids and epochs of a
  // header (`134681 node-246 unix.hw state_change.unavailable 1077804742 1 ...`).
  for (let p = 7; p >= 0 && model.levelAt < 0 && model.tagAt < 0; p--) {
    if (fields.filter((fs) => fs[p] !== undefined && isNumberField(fs[p]!.text)).length >= lines.length * 0.95) {
      model.numAt = p;
      break;
    }
  }
  return model;
}

/** Index of the first field after the leading timestamp/number run. */
function skipTimes(fs: Field[], from: number): number {
  let i = from;
  while (i < fs.length && i < 10 && (isTimeField(fs[i]!.text) || isNumberField(fs[i]!.text) || fs[i]!.text === '-')) i++;
  return i;
}

/** The message part of one line under the learned model (the whole line when nothing is known). */
export function contentOf(model: HeaderModel, line: string): string {
  if (model.pipeFields > 0) {
    let at = -1;
    for (let k = 0; k < model.pipeFields; k++) {
      at = line.indexOf('|', at + 1);
      if (at < 0) return line;
    }
    return line.slice(at + 1).trim();
  }
  const fs = splitFields(line);
  if (fs.length === 0) return line.trim();
  let next = 0; // index of the first content field
  if (model.levelAt >= 0 && model.levelAt < fs.length && isLevelLike(fs[model.levelAt]!.text)) {
    next = model.levelAt + 1;
    // Column-aligned headers (`Info                  CBS    Loaded ...`): a field followed by a wide gap.
    const aligned = next;
    while (next < fs.length - 1 && next <= model.levelAt + 2 && /^\s{2,}/.test(line.slice(fs[next]!.end, fs[next]!.end + 2))) next++;
    // When an aligned column was the component, what follows is the message even if it reads `Session: ...`.
    if (next === aligned) next = skipComponent(fs, next);
  } else if (model.tagAt >= 0) {
    const lo = Math.max(0, model.tagAt - 1);
    let found = -1;
    for (let i = lo; i < Math.min(fs.length, model.tagAt + 3); i++) {
      if (TAG.test(fs[i]!.text)) {
        found = i;
        break;
      }
    }
    next = found >= 0 ? found + 1 : Math.min(model.tagAt, skipTimes(fs, 0));
  } else {
    next = Math.max(skipTimes(fs, 0), model.numAt + 1);
  }
  if (model.dashAt >= 0 && next <= model.dashAt) {
    for (let i = next; i <= model.dashAt && i < fs.length; i++) {
      if (fs[i]!.text === '-') {
        next = i + 1;
        break;
      }
    }
  }
  // A line shorter than the header (a stack frame, a wrapped line) is all message.
  if (next >= fs.length) return line.trim();
  const start = next === 0 ? 0 : fs[next - 1]!.end;
  return line.slice(start).trim();
}

/** After the level: `-` and `[thread]` fields, then a `component:` tag or a dotted logger before `[...]`. */
function skipComponent(fs: Field[], from: number): number {
  let next = from;
  while (next < fs.length && (fs[next]!.text === '-' || (fs[next]!.text.startsWith('[') && fs[next]!.text.endsWith(']')))) next++;
  if (next < fs.length && TAG.test(fs[next]!.text)) return next + 1;
  if (next + 1 < fs.length && DOTTED.test(fs[next]!.text) && fs[next + 1]!.text.startsWith('[')) {
    next += 1;
    while (next < fs.length && fs[next]!.text.startsWith('[') && fs[next]!.text.endsWith(']')) next++;
  }
  return next;
}

function isLevelLike(t: string): boolean {
  const s = t.replace(/^\[(.*)\]:?$/, '$1').replace(/:$/, '');
  return /^[A-Za-z]{1,11}$/.test(s);
}
