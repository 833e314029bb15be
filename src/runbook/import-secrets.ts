// What an imported command must not keep as written: a password typed into the Markdown (replaced by a
// required param read from the environment at run time) and a TTY flag (`exec -it`, `run -it`) a non-interactive run lacks.
import { replaceInlineSecrets, type SecretParam } from './import-inline-secrets.js';
import { paramWord, secretNamer, type SecretNamer } from './import-secret-names.js';

export type { SecretParam };

export interface Sanitized {
  cmd: string;
  secrets: SecretParam[];
  /** `-t` was dropped from `docker|podman exec|run` or `kubectl exec`. */
  droppedTty: boolean;
  /** A value in a quoted here-doc (<<'EOF') that expands other things: the reference there is not expanded. */
  byHand?: boolean;
}

/** Programs whose `-pVALUE` is a password (mysql's `-p VALUE` prompts, and VALUE is the database). */
const P_ATTACHED = /^(cypher-shell|mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mongo|mongosh)$/;
/** Programs whose `-p VALUE` is a password, not a port or a path. */
const P_SEPARATE = /^(cypher-shell|mongo|mongosh)$/;

const isReference = (v: string) => /^["']?(\$|\{\{)/.test(v);
const unquote = (v: string) => (/^(["']).*\1$/s.test(v) ? v.slice(1, -1) : v);

/** The user or host a command's flags name (`-u root`, `--user=app`, `-h db`), to tell apart two passwords of one program. */
function whoOf(words: string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const eq = /^--(?:user(?:name)?|host)=(.+)$/.exec(words[i]);
    if (eq) found.push(eq[1]);
    else if (/^(-u|-U|-h|--user|--username|--host)$/.test(words[i]) && words[i + 1] && !words[i + 1].startsWith('-')) found.push(words[i + 1]);
  }
  return found.map(paramWord).filter(Boolean);
}

/** Programs that take passwords on their command line, recognised wherever they sit (behind `docker exec`, sudo). */
const KNOWN = /^(cypher-shell|neo4j-admin|mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mongo|mongosh|mongodump|redis-cli|psql|pg_dump|pg_restore|vault|influx|rabbitmqctl|ldapsearch|smbclient)$/;

/** The program a flag at `at` belongs to: the nearest known one before it, else the first word of its command. */
function programBefore(words: string[], at: number): string {
  let first = 0;
  for (let i = at - 1; i >= 0; i--) {
    const w = words[i].replace(/^.*\//, '');
    if (KNOWN.test(w)) return w;
    if (/^(\||;|&&|\|\|)$/.test(words[i])) {
      first = i + 1;
      break;
    }
  }
  while (first < at - 1 && /^(sudo|env|exec|nohup|time)$/.test(words[first])) first++;
  return (words[first] ?? 'secret').replace(/^.*\//, '');
}

/**
 * Replaces passwords given on the command line (`--password X`, `--password=X`, `-p X` / `-pX` to the
 * database shells, `-a X` to redis-cli, the value after a `...password` subcommand) by `"$RB_<PARAM>"`.
 */
function replaceSecrets(cmd: string, namer: SecretNamer): { cmd: string; secrets: SecretParam[] } {
  const parts = cmd.split(/(\s+)/);
  const words = parts.filter((_, i) => i % 2 === 0);
  const who = whoOf(words);
  const secrets: SecretParam[] = [];
  /** The value at `valueAt` is a password given to the program before word `at`. */
  const take = (at: number, valueAt: number, prefix: string) => {
    const program = programBefore(words, at);
    const base = paramWord(program) || 'secret';
    const name = namer.name(unquote(words[valueAt].slice(prefix.length)), [`${base}_password`, ...(who.length ? [`${base}_${who.join('_')}_password`] : [])]);
    if (!secrets.some((s) => s.name === name)) secrets.push({ name, program, what: `the password given to ${program}` });
    words[valueAt] = `${prefix}"$RB_${name.toUpperCase()}"`;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    const eq = /^(--password=)(.+)$/.exec(w);
    if (eq && !isReference(eq[2])) take(i, i, eq[1]);
    else if (w === '--password' && next && !isReference(next)) take(i, i + 1, '');
    else if (/^[a-z][\w-]*password$/i.test(w) && !w.startsWith('-') && next && !next.startsWith('-') && !isReference(next)) take(i, i + 1, '');
    else if (P_ATTACHED.test(programBefore(words, i)) && /^-p./.test(w) && !isReference(w.slice(2))) take(i, i, '-p');
    else if ((w === '-p' && P_SEPARATE.test(programBefore(words, i))) || (w === '-a' && programBefore(words, i) === 'redis-cli')) {
      if (next && !next.startsWith('-') && !isReference(next)) take(i, i + 1, '');
    }
  }
  return { cmd: secrets.length ? parts.map((p, i) => (i % 2 === 0 ? words[i / 2] : p)).join('') : cmd, secrets };
}

/** Flags of `docker|podman run|exec` and `kubectl exec` that take the next word as their value. */
const VALUE_SHORT = /[aceEhlmnpuvwc]/;
const BOOL_LONG = /^--(rm|detach|interactive|init|privileged|read-only|stdin|quiet|no-healthcheck|sig-proxy|oom-kill-disable|publish-all|help)$/;

/** `docker exec -it c sh` -> `docker exec -i c sh`, the same for `run`: a run without a terminal cannot allocate one. */
function dropTty(cmd: string): { cmd: string; dropped: boolean } {
  const parts = cmd.split(/(\s+)/);
  let dropped = false;
  for (let i = 0; i + 2 < parts.length; i += 2) {
    const tool = parts[i].replace(/^.*\//, '');
    const sub = parts[i + 2];
    const kube = tool === 'kubectl' && sub === 'exec';
    if (!kube && !(/^(docker|podman)$/.test(tool) && /^(exec|run)$/.test(sub))) continue;
    // Docker's options end at the container or image; kubectl takes them anywhere before `--`.
    for (let j = i + 4; j < parts.length; j += 2) {
      const w = parts[j];
      if (w === '--' || /^[|;&]/.test(w)) break;
      if (!w.startsWith('-')) {
        if (kube) continue;
        break;
      }
      if (w === '--tty' || w === '--tty=true') {
        dropped = true;
        parts[j] = '';
      } else if (w.startsWith('--')) {
        if (!w.includes('=') && !BOOL_LONG.test(w)) j += 2;
      } else {
        let flags = '';
        let takesNext = false;
        for (let k = 1; k < w.length; k++) {
          if (w[k] === 't') dropped = true;
          else flags += w[k];
          if (VALUE_SHORT.test(w[k])) {
            flags += w.slice(k + 1);
            takesNext = k === w.length - 1;
            break;
          }
        }
        parts[j] = flags ? `-${flags}` : '';
        if (takesNext) j += 2;
      }
    }
  }
  if (!dropped) return { cmd, dropped };
  // A dropped word leaves its separator behind: join the words again with one separator each.
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] === '' && i > 0) continue;
    out.push(parts[i], parts[i + 1] ?? '');
  }
  return { cmd: out.join('').trimEnd(), dropped };
}

/** Every written-out secret of `cmd` replaced by a reference to its param; flags as they were. */
export function replaceAllSecrets(cmd: string, namer: SecretNamer = secretNamer()): { cmd: string; secrets: SecretParam[]; byHand: boolean } {
  const inline = replaceInlineSecrets(cmd, false, namer);
  // Flags are read on the command's own line only: a here-doc body below it is data, not arguments.
  const nl = inline.cmd.indexOf('\n');
  const head = nl < 0 ? inline.cmd : inline.cmd.slice(0, nl);
  const s = replaceSecrets(head, namer);
  const secrets = [...inline.secrets, ...s.secrets.filter((x) => !inline.secrets.some((y) => y.name === x.name))];
  return { cmd: s.cmd + (nl < 0 ? '' : inline.cmd.slice(nl)), secrets, byHand: inline.byHand };
}

/** `cmd` as an imported step may keep it; `namer` is the runbook's, so its params are unique across its steps. */
export function sanitizeImported(cmd: string, namer: SecretNamer = secretNamer()): Sanitized {
  const tty = dropTty(cmd);
  const s = replaceAllSecrets(tty.cmd, namer);
  return { cmd: s.cmd, secrets: s.secrets, droppedTty: tty.dropped, ...(s.byHand ? { byHand: true } : {}) };
}
