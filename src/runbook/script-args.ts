// Finds the argv elements that a program will itself run as code (sh -c SCRIPT, python -c CODE, ssh's
// remote command): a template there is spliced into a shell string, so lint refuses it like shell: true.

/** Shells whose -c (also combined: -ec, -lc) takes a script. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'busybox']);
/** Interpreters and the flag that takes inline code. */
const INLINE: Record<string, RegExp> = {
  python: /^-c$/, python3: /^-c$/, python2: /^-c$/, perl: /^-[a-zA-Z]*[eE]$/, ruby: /^-e$/, node: /^(-e|--eval|-p|--print)$/,
  php: /^-r$/, lua: /^-e$/, osascript: /^-e$/, pwsh: /^(-c|-Command)$/, powershell: /^(-c|-Command)$/,
};
/** ssh options that take a value (the value is not the destination). */
const SSH_VALUE_OPTS = /^-[BbcDEeFIiJLlmOoPpQRSWw]$/;

const base = (a: string) => a.replace(/^.*\//, '');

/** Indexes of argv elements that end up interpreted as code by some program in the argv (wrappers such as sudo, env or kubectl exec included). */
export function scriptArgIndexes(argv: string[]): number[] {
  const out = new Set<number>();
  argv.forEach((arg, i) => {
    const name = base(arg);
    const isShell = SHELLS.has(name);
    const inline = INLINE[name.replace(/[\d.]+$/, '')] ?? INLINE[name];
    if (isShell || inline) {
      for (let j = i + 1; j < argv.length; j++) {
        const a = argv[j]!;
        if (!a.startsWith('-')) {
          // busybox sh -c: the applet name comes first; any other operand ends the interpreter's options.
          if (name === 'busybox' && SHELLS.has(a)) continue;
          break;
        }
        const takesScript = isShell ? /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a) : inline!.test(a);
        if (takesScript && j + 1 < argv.length) {
          out.add(j + 1);
          break;
        }
      }
    }
    if (name === 'ssh') {
      let j = i + 1;
      while (j < argv.length && argv[j]!.startsWith('-')) j += SSH_VALUE_OPTS.test(argv[j]!) ? 2 : 1;
      // Everything after the destination is joined and run by the remote user's shell.
      for (let k = j + 1; k < argv.length; k++) out.add(k);
    }
  });
  return [...out].sort((a, b) => a - b);
}
