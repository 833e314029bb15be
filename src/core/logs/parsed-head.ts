// What a line parser makes of one log line (time, level, service, message) and the parser's own type: every
// format module returns these, so they live apart from any one of them (no import circle between formats).
import type { LogLevel } from '../evidence.js';

export interface ParsedHead {
  time: number | null;
  level: LogLevel;
  service: string | null;
  message: string;
  /** The record's own fields (JSON/logfmt lines), kept by reference for error_signatures' example_fields. */
  fields?: Record<string, unknown>;
  /**
   * For a head whose words come on the lines below it (.NET's console writes `fail: Ns.Class[0]` and the message
   * indented under it; PHP-FPM's slowlog a pid and then the frames): the entry's message once its lines are all read.
   */
  reword?: (whole: string) => string;
  /** The program whose layout the line is in (`nestjs`, `postgresql`, `uwsgi`...), where a parser knows it: list_sources names a file's by it. */
  dialect?: string;
  /**
   * The service is only the program's name, guessed from the layout (nginx's and Apache's error logs name no site):
   * a file named for a deployment (`edge-gateway-error.log`) says whose the line is.
   */
  programOnly?: true;
}

/** `inner` gives a continuation line's own text (a wrapped file's line without the runtime's framing). */
export type LineParser = ((line: string) => ParsedHead | null) & { inner?: (line: string) => string };
