// What a syslog or journal line's program says in its own shape: the kernel's `INFO:`/`WARNING:`/`BUG:` prefixes and
// a Kubernetes component's klog head (kubelet through journald), and where the line came from (host, pid) as fields.
import type { LogLevel } from '../evidence.js';
import type { ParsedHead } from './parsed-head.js';
import { inferLevel } from './levels.js';
import { parseKlog } from './prefixed-formats.js';

type Rest = Omit<ParsedHead, 'time'>;

// The kernel's printk prefixes name a kind of report, not a level: the hung-task and RCU-stall detectors print
// `INFO: task x blocked for more than 120 seconds.` with pr_err, `WARNING:` is a WARN_ON, `BUG:`/`Oops` a crash.
const KERNEL = /^(INFO|WARNING|BUG|Oops|Kernel panic)\b:?/;
const KERNEL_LEVELS: Record<string, LogLevel> = { INFO: 'error', WARNING: 'warn', BUG: 'fatal', Oops: 'fatal', 'Kernel panic': 'fatal' };
// klog's head: severity letter, MMDD, time, thread id, file:line].
const KLOG_HEAD = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{1,9}\s+\d+ [^\s\]]{1,200}\]/;
// A script run as the program (`restic-backup.sh[31877]:`) is the program its unit runs: the extension is not its name.
const SCRIPT = /\.(?:sh|bash|py|pl|rb)$/;

/** The program's own reading of its message, or null when it has none (the caller reads the message as usual). */
export function programBody(prog: string, text: string): Rest | null {
  if (prog === 'kernel') {
    const k = KERNEL.exec(text);
    return { level: k ? KERNEL_LEVELS[k[1]!]! : inferLevel(text), service: prog, message: text };
  }
  const c = text.charCodeAt(0);
  if ((c === 73 || c === 87 || c === 69 || c === 70) && KLOG_HEAD.test(text)) {
    // The year is the journal's; only the head's level, message and fields are taken.
    const k = parseKlog(text, Date.now());
    if (k) return { level: k.level, service: prog, message: k.message, ...(k.fields ? { fields: k.fields } : {}), dialect: 'klog' };
  }
  return null;
}

/** The program's name as a service: a script's without its extension. */
export function programService(prog: string): string {
  return SCRIPT.test(prog) ? prog.replace(SCRIPT, '') : prog;
}

/** `rest` with the host and pid the syslog head gave added to its fields (a syslog line, unless its body is klog's). */
export function withOrigin(rest: Rest, host: string | undefined, pid: string | undefined): Rest {
  const dialect = rest.dialect ?? 'syslog';
  if (!host && !pid) return { ...rest, dialect };
  const origin: Record<string, unknown> = {};
  if (host) origin.host = host;
  if (pid) origin.pid = Number(pid);
  return { ...rest, fields: rest.fields ? { ...origin, ...rest.fields } : origin, dialect };
}
