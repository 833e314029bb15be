// systemd's `journalctl -o export`: one entry per block of KEY=VALUE lines, blocks apart by a blank line; the time is
// __REALTIME_TIMESTAMP (µs), the words MESSAGE=, the program SYSLOG_IDENTIFIER=, the level PRIORITY= (syslog's 0-7).
import type { LogLevel } from '../evidence.js';
import type { LineParser, ParsedHead } from './parsed-head.js';
import { SYSLOG_LEVELS } from './levels.js';

// A field line: journald's field names are upper-case letters, digits and underscores (trusted ones start with `_`).
const FIELD = /^([A-Z_][A-Z0-9_]{0,63})=(.*)$/;
/** A block's first line in every export (journalctl writes the cursor first and the realtime timestamp second). */
const BLOCK_START = /^__(?:CURSOR|REALTIME_TIMESTAMP)=/;
/** Fields kept on the entry (where the entry ran): the host, the unit, the process. */
const KEPT: Record<string, string> = { _HOSTNAME: 'host', _SYSTEMD_UNIT: 'unit', _PID: 'pid', _TRANSPORT: 'transport' };

/** True when a sample's lines are an export: blocks that open with the cursor or timestamp, and field lines otherwise. */
export function looksLikeJournalExport(lines: string[]): boolean {
  const filled = lines.filter((l) => l.length > 0);
  const starts = filled.filter((l) => BLOCK_START.test(l) && FIELD.test(l)).length;
  const fields = filled.filter((l) => FIELD.test(l)).length;
  return starts >= 1 && filled.some((l) => l.startsWith('MESSAGE=')) && fields >= filled.length * 0.9;
}

/**
 * A parser for one scan of an export, in file order: a block's fields are gathered as its lines go by, and its
 * MESSAGE= line is the entry's head (time, priority and program as the block stated them before it). The other field
 * lines continue the entry as nothing (`inner` gives them no text), so the message stays the program's words.
 * A message journald stored as binary (a length-prefixed value, no `=`) is skipped the same way.
 */
export function journalExportParser(): LineParser {
  let time: number | null = null;
  let level: LogLevel = 'info';
  let service: string | null = null;
  let fields: Record<string, unknown> = {};
  // The block's MESSAGE= went by: a timestamp now opens the next block even where no cursor line did.
  let emitted = false;
  const parse: LineParser = (line) => {
    const m = FIELD.exec(line);
    if (!m) return null;
    const [, key, value] = m as unknown as [string, string, string];
    if (key === '__CURSOR' || (key === '__REALTIME_TIMESTAMP' && emitted)) reset();
    switch (key) {
      case '__REALTIME_TIMESTAMP': {
        const us = /^\d{13,17}$/.test(value) ? Number(value) : NaN;
        time = Number.isFinite(us) ? Math.floor(us / 1000) : null;
        return null;
      }
      case 'PRIORITY':
        level = SYSLOG_LEVELS[Number(value)] ?? level;
        return null;
      case 'SYSLOG_IDENTIFIER':
        service = value.length > 0 && value.length <= 120 ? value : service;
        return null;
      case 'MESSAGE': {
        emitted = true;
        const head: ParsedHead = { time, level, service, message: value, dialect: 'journal-export' };
        if (Object.keys(fields).length > 0) head.fields = { ...fields };
        return head;
      }
      default:
        if (KEPT[key] !== undefined && value.length <= 200) fields[KEPT[key]] = value;
        return null;
    }
  };
  const reset = () => {
    time = null;
    level = 'info';
    service = null;
    fields = {};
    emitted = false;
  };
  // Field lines and binary-stored values continue the entry with no text of their own.
  parse.inner = () => '';
  return parse;
}
