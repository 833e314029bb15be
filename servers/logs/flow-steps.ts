// What one traced log entry stands for in request_flows: the statement that logged it (`Class#line`, a source file
// and line, or a logger with its message's constant words), else the leading words of its message.
import { redact } from '../../src/core/redact.js';
import { isWildcardLike, maskToken, WILDCARD } from '../../src/core/logs/miner/mask.js';
import type { LogEntry } from './entries.js';
import { boundedMemo } from '../../src/core/bounded-memo.js';

/** Trace, span and parent ids written into the text: dropped from a step, they differ in every request. */
export const IDS_IN_TEXT = /\b(?:trace|span|parent(?:[_.-]?span)?)[_.-]?id["']?\s*[:=]\s*["']?[0-9a-fA-F-]{8,64}["']?,?/gi;
/** A code location (`c.Controller#46`, `handler.py:120`) names the statement that logged: kept, not masked. */
const CODE_LOCATION = /^[A-Za-z_$][\w.$]*[#:]\d+$/;
/**
 * A code location certain enough to stand for a statement: `logger#line`, or a source file and line (`handler.py:120`);
 * `redis:6379` also passes CODE_LOCATION, but it names a host whose messages differ.
 */
const SOURCE_LINE = /^(?:[A-Za-z_$][\w.$]*#\d+|[\w./-]+\.(?:py|go|js|mjs|cjs|ts|java|kt|scala|rb|rs|c|cc|cpp|h|cs|php|ex|exs|swift|lua|pl):\d+)$/;
const STEP_WORDS = 4;
const LOGGER_NAME = /^[A-Za-z_$][\w.$]*$/;
const LINE_NUMBER = /^\d+$/;

// Structured records keep the code location in fields of their own (logstash-logback's logger_name and line_number,
// python's name and lineno, ECS' log.logger and log.origin.file.line); the text parsers put a pattern's logger (Spring
// Boot's `--- [thread] c.a.Foo : msg`) in `logger`.
const LOGGER_FIELDS = ['logger', 'logger_name', 'loggerName', 'log.logger', 'class', 'name'];
const LINE_FIELDS = ['line', 'line_number', 'lineNumber', 'lineno', 'log.origin.file.line'];

/** IDS_IN_TEXT for firstWords' own exec loop (the exported one's lastIndex is left alone). */
const IDS = new RegExp(IDS_IN_TEXT.source, IDS_IN_TEXT.flags);
/** What every IDS match starts with (letters, so never across a space): where none of these is, no id starts. */
const ID_START = /trace|span|parent/i;

/**
 * The first `max` words of the entry's first message line without ids: the words of the line with every id replaced
 * by a space, found a stretch between ids at a time. A long line (a Java service logs whole objects on one line) is
 * read only as far as its first `max` words: the search for an id stops there when no id's first word is before it,
 * and the words after it are never cut out.
 */
export function firstWords(message: string, max: number): string[] {
  const nl = message.indexOf('\n');
  const line = nl < 0 ? message : message.slice(0, nl);
  const out: string[] = [];
  let at = 0;
  while (out.length < max) {
    // An id that starts after the words still needed cannot change them: searched for only when one may start sooner,
    // its first letters then inside those words.
    const needed = wordsEnd(line, at, max - out.length);
    let m: RegExpExecArray | null = null;
    if (ID_START.test(line.slice(at, needed))) {
      IDS.lastIndex = at;
      m = IDS.exec(line);
    }
    pushWords(line, at, m ? m.index : line.length, out, max);
    if (!m) break;
    at = IDS.lastIndex;
  }
  return out;
}

/**
 * Sticky `n` words (`\s` as isSpace reads it; each word whole, never split by backtracking): the end of the `n`th word
 * from lastIndex when there are that many. A scan reads each entry once, mostly before the engine compiles this code:
 * one regex pass costs less there than a loop per character.
 */
const wordRuns = new Map<number, RegExp>();

/** Where the `n`th whitespace-separated word from `from` ends (the line's end when it has fewer). */
function wordsEnd(line: string, from: number, n: number): number {
  let re = wordRuns.get(n);
  if (re === undefined) wordRuns.set(n, (re = new RegExp(`(?:\\s*\\S+(?!\\S)){${n}}`, 'y')));
  re.lastIndex = from;
  return re.test(line) ? re.lastIndex : line.length;
}

/** A word and the blanks before it, from lastIndex. */
const NEXT_WORD = /\s*(\S+)/y;

/** Adds the words of line[from, to) to `out` up to `max` words, as split(/\s+/) on that stretch cuts them. */
function pushWords(line: string, from: number, to: number, out: string[], max: number): void {
  NEXT_WORD.lastIndex = from;
  while (out.length < max) {
    const m = NEXT_WORD.exec(line);
    if (m === null) return;
    const start = NEXT_WORD.lastIndex - m[1]!.length;
    if (start >= to) return;
    // A word that runs past the stretch (into the id after it) is cut where the stretch ends.
    out.push(NEXT_WORD.lastIndex <= to ? m[1]! : line.slice(start, to));
    if (NEXT_WORD.lastIndex >= to) return;
  }
}

/**
 * A step label, redacted and cut to 160 characters: the same text gives the same label, redacted once per distinct step,
 * not once per entry (20,000 labels at most: a few MB on logs whose words no mask knows).
 */
const label = boundedMemo((text) => redact(text).slice(0, 160), 20_000);

/** The step an entry stands for: its first message line without ids, variable tokens masked, the first few words. */
export function stepOf(message: string): string {
  const words = firstWords(message, STEP_WORDS).map((t) => (CODE_LOCATION.test(t) ? t : maskToken(t)));
  return label(words.join(' '));
}

/** The record's logger and line from its fields, each only when it has the shape of one. */
function codeFields(e: Pick<LogEntry, 'fields'>): { logger?: string; line?: string } {
  const f = e.fields;
  if (!f) return {};
  return { logger: firstField(f, LOGGER_FIELDS, LOGGER_NAME), line: firstField(f, LINE_FIELDS, LINE_NUMBER) };
}

/** The first of `keys` whose value (a string or number) has `shape`; per entry, so no arrays are built. */
function firstField(f: NonNullable<LogEntry['fields']>, keys: readonly string[], shape: RegExp): string | undefined {
  for (const k of keys) {
    const v = f[k];
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const text = String(v);
    if (shape.test(text)) return text;
  }
  return undefined;
}

/**
 * The message with its code location in front when a structured record carries it in fields (`logger` and `line`):
 * the text formats print `Class#line` in the message, and the step must name the statement in both alike.
 */
export function withCodeLocation(e: Pick<LogEntry, 'message' | 'fields'>): string {
  return located(e.message, codeFields(e));
}

function located(message: string, { logger, line }: { logger?: string; line?: string }): string {
  return logger && line ? `${logger}#${line} ${message}` : message;
}

/**
 * What makes two entries the same step: the code location when the step starts with one (it names the statement;
 * the words after it may still hold values no mask knows, "[TrainTypeName: DongCheOne]"), else the whole step.
 * Entries of one location share the first one's words as their label.
 */
export function stepKey(step: string): string {
  const first = step.split(' ', 1)[0]!;
  return SOURCE_LINE.test(first) ? first : step;
}

// `TrainTypeName:` / `error=` end a key: the word after a key, or the part after `key=`/`key:` in one word, is a value.
const KEY_END = /[A-Za-z_][\w.-]*:$/;
const KEY_VALUE = /^([^=:\s]*?[A-Za-z_][\w.-]*[=:])(.+)$/;
/** Raw words read for a step's constant words: enough for a few values with their keys, bounded per entry. */
const MAX_READ = 48;

/** Opening minus closing brackets in a word: a value that opens a list (`[suzhou,`) goes on until it closes. */
function depth(word: string): number {
  let d = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 91 || c === 40 || c === 123) d++;
    else if (c === 93 || c === 41 || c === 125) d--;
  }
  return d;
}

/**
 * A message's leading words with every value masked, known or not: the digits and ids maskToken finds, and whatever
 * follows a key (`[TrainTypeName: DongCheOne]`, `startStation=shanghai,`, a list after a key up to its closing
 * bracket). A run of values is one wildcard, so a value written in one word or in two (`2023-01-29` or
 * `2023-01-29 15:38:06`) leaves the same words: one statement's entries stay one string.
 */
export function constantWords(message: string): string {
  const out: string[] = [];
  let inValue = 0; // brackets a value after a key still holds open; -1: the next word is the value
  for (const raw of firstWords(message, MAX_READ)) {
    let word = maskToken(raw);
    if (inValue !== 0) {
      inValue = inValue < 0 ? Math.max(0, depth(raw)) : Math.max(0, inValue + depth(raw));
      word = WILDCARD;
    } else {
      const kv = KEY_VALUE.exec(word);
      if (kv) word = isWildcardLike(kv[2]!) ? word : kv[1]! + WILDCARD;
      if (KEY_END.test(raw)) inValue = -1;
    }
    if (isWildcardLike(word)) word = WILDCARD;
    if (word === WILDCARD && out[out.length - 1] === WILDCARD) continue;
    if (out.length === STEP_WORDS) break;
    out.push(word);
  }
  return out.join(' ');
}

export interface EntryStep {
  /** The label: the first entry's words, with the statement's location or logger in front when known. */
  step: string;
  /** What entries of one step share (the service is added by the caller). */
  key: string;
  /** The step names the statement that logged it (a code location or a logger), not only a message's leading words. */
  statement: boolean;
}

/**
 * An entry's step. A logger without a line (Spring Boot's and logback's patterns print only the class) narrows the
 * statement to that class but not to one call: its message's constant words tell the calls apart, and masking every
 * value keeps one call's entries together when they log names no mask knows.
 */
export function entryStep(e: Pick<LogEntry, 'message' | 'fields'>): EntryStep {
  const code = codeFields(e);
  const step = stepOf(located(e.message, code));
  const key = stepKey(step);
  if (key !== step || !code.logger) return { step, key, statement: key !== step };
  const named = label(`${code.logger} ${constantWords(e.message)}`);
  return { step: named, key: named, statement: true };
}
