// Exception chains in an entry's text: Java/Kotlin (`Caused by:`, Spring's `with root cause`), Python
// (`The above exception was the direct cause...`, oldest first) and .NET (` ---> `). The root cause is what failed first.

export interface ExceptionChain {
  /** Exception lines from the outermost (what the log reports) to the root cause, at most MAX_CHAIN. */
  chain: string[];
  /** The root cause: the innermost exception, as its line reads (`psycopg2.OperationalError: ...`). */
  root: string;
  /** The line of the message that holds the root cause, as written (`Caused by: ...`). */
  rootLine: string;
}

const MAX_CHAIN = 8;
const MAX_LINE = 300;

const CAUSE = /^\s*Caused by: (.+)$/;
// `com.acme.X: msg`, `java.lang.NullPointerException`, `Exception in thread "main" java.lang.Error: x`.
const JAVA_EXCEPTION = /^(?:Exception in thread "[^"]*" )?((?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable|Fault)(?::.*)?)$/;
const DOTNET_INNER = /^\s*---> ((?:[\w`]+\.)+[\w`]*Exception\b.*)$/;
const PY_TRACEBACK = 'Traceback (most recent call last):';
const PY_CHAIN = /^(?:The above exception was the direct cause of the following exception:|During handling of the above exception, another exception occurred:)$/;
// A Python exception line: `KeyError: 'x'`, `pkg.mod.CustomError: text`, `ValueError`.
const PY_EXCEPTION = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Timeout|Refused|Failure)[\w.]*|[A-Za-z_][\w.]*\.[A-Z]\w*)(?::\s.*)?$/;

/** True for a line that names a cause in a Java trace: worth keeping past the entry's line cap. */
export function isCauseLine(line: string): boolean {
  return CAUSE.test(line) || DOTNET_INNER.test(line);
}

const cut = (s: string) => (s.length > MAX_LINE ? `${s.slice(0, MAX_LINE)}…` : s);

/** The exception chain an entry's text reports, or null when it holds no exception. */
export function exceptionChain(message: string): ExceptionChain | null {
  if (message.includes(PY_TRACEBACK)) return pythonChain(message.split('\n'));
  const lines = message.split('\n');
  const found: Array<{ text: string; line: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const cause = CAUSE.exec(line) ?? DOTNET_INNER.exec(line);
    if (cause) {
      found.push({ text: cause[1]!.trim(), line: line.trim() });
      continue;
    }
    // The outermost exception: the first line that is one (the head itself or the line after it), frames aside.
    if (found.length === 0 && !/^\s/.test(line)) {
      const head = i === 0 ? headException(line) : JAVA_EXCEPTION.exec(line.trim())?.[1];
      if (head) found.push({ text: head, line: line.trim() });
    }
  }
  return chainOf(found);
}

// An exception named inside a log message: `... threw exception: java.io.IOException: x` or the whole head.
const IN_MESSAGE = /((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)(?::.*)?)$/;

function headException(line: string): string | undefined {
  return JAVA_EXCEPTION.exec(line.trim())?.[1] ?? IN_MESSAGE.exec(line.trim())?.[1];
}

function pythonChain(lines: string[]): ExceptionChain | null {
  // Python prints the chain oldest first: each traceback ends with its exception line.
  const found: Array<{ text: string; line: string }> = [];
  let inTrace = false;
  for (const line of lines) {
    if (line.trim() === PY_TRACEBACK) {
      inTrace = true;
      continue;
    }
    if (!inTrace || line.trim().length === 0 || /^\s/.test(line) || PY_CHAIN.test(line.trim())) continue;
    if (PY_EXCEPTION.test(line.trim())) found.push({ text: line.trim(), line: line.trim() });
    inTrace = false;
  }
  return chainOf(found.reverse());
}

function chainOf(found: Array<{ text: string; line: string }>): ExceptionChain | null {
  if (found.length === 0) return null;
  const root = found[found.length - 1]!;
  const chain = found.length > MAX_CHAIN ? [...found.slice(0, MAX_CHAIN - 1), root] : found;
  return { chain: chain.map((f) => cut(f.text)), root: cut(root.text), rootLine: cut(root.line) };
}

/** The example text cut to `max` characters, with the root cause's line kept when the cut would lose it. */
export function exampleWithCause(message: string, max: number, chain: ExceptionChain | null): string {
  if (message.length <= max) return message;
  const head = `${message.slice(0, max)}…`;
  return chain && !head.includes(chain.root) ? `${head}\n${chain.rootLine}` : head;
}
