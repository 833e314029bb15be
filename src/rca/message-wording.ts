// Diffs that only reword what an error or log call says (`"acquire lock: %w"` -> `"acquire lock %s: %w", key`): such a
// release changes the text of errors, not when they occur, so the words it shares with them are no sign it caused them.

/** A call that builds an error or writes a log line: what its string says is a message, not behaviour. */
const MESSAGE_CALL =
  /(\bfmt\.Errorf|\berrors\.(New|Wrap|Wrapf|Errorf)|\bthrow\s+new\s+[A-Za-z_$][\w$.]*|\bnew\s+(?:[A-Za-z_$][\w$.]*)?(?:Error|Exception)|\braise\s+[A-Za-z_][\w.]*|\b[A-Z][\w$]*(Error|Exception)|\b(log|logger|logging|slog|console|LOG|LOGGER|Log|Logger|_log|_logger)\s*\.\s*\w+|\.\s*(Msg|Msgf|Errorf|Warnf|Warningf|Infof|Debugf|Fatalf|Error|Warn|Warning|Info|Debug|Fatal|Critical|Exception)\s*)\s*\(/;
/** A string literal: double- or single-quoted (Python's f-, r- and b-strings too), or backquoted, with escapes. */
const LITERAL = /(?:\b[fFrRbBuU]{1,2}(?=["']))?(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)/g;
/** Arguments a reworded message adds or drops after its format string: plain names and field reads (`key`, `req.ID`). */
const MESSAGE_ARGS = /""(?:\s*,\s*[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(\))?)+/g;

/** The line's code with every literal blanked and the plain arguments after a message dropped. */
function skeleton(line: string): string {
  return line.replace(LITERAL, '""').replace(MESSAGE_ARGS, '""').replace(/\s+/g, '');
}

const literals = (line: string) => line.match(LITERAL) ?? [];

/**
 * True when every removed line has an added twin, in order, that is the same error or log call with only its message
 * reworded (the literal's words, and names passed to fill it in); any other changed line makes it false.
 */
export function onlyMessageWording(diff: string): boolean {
  const changed = diff.split('\n').filter((l) => /^[+-](?![+-])/.test(l) && l.slice(1).trim() !== '');
  const removed = changed.filter((l) => l[0] === '-').map((l) => l.slice(1).trim());
  const added = changed.filter((l) => l[0] === '+').map((l) => l.slice(1).trim());
  if (removed.length === 0 || removed.length !== added.length) return false;
  return removed.every((r, i) => {
    const a = added[i]!;
    return (
      MESSAGE_CALL.test(r) &&
      MESSAGE_CALL.test(a) &&
      literals(r).length > 0 &&
      literals(r).join('\u0000') !== literals(a).join('\u0000') &&
      skeleton(r) === skeleton(a)
    );
  });
}
