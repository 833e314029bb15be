// What an imported command must not keep as written: a password typed into the Markdown (replaced by a
// required param read from the environment at run time) and a TTY flag (`exec -it`) a non-interactive run lacks.

export interface SecretParam {
  name: string;
  /** The program the password was given to, for the param's description. */
  program: string;
}

export interface Sanitized {
  cmd: string;
  secrets: SecretParam[];
  /** `-t` was dropped from `docker|podman|kubectl exec`. */
  droppedTty: boolean;
}

/** Programs whose `-pVALUE` is a password (mysql's `-p VALUE` prompts, and VALUE is the database). */
const P_ATTACHED = /^(cypher-shell|mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mongo|mongosh)$/;
/** Programs whose `-p VALUE` is a password, not a port or a path. */
const P_SEPARATE = /^(cypher-shell|mongo|mongosh)$/;

const isReference = (v: string) => /^["']?(\$|\{\{)/.test(v);
const paramName = (program: string) => `${program.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase() || 'secret'}_password`;

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
function replaceSecrets(cmd: string): { cmd: string; secrets: SecretParam[] } {
  const words = cmd.split(/\s+/);
  const secrets: SecretParam[] = [];
  /** The value at `valueAt` is a password given to the program before word `at`. */
  const take = (at: number, valueAt: number, prefix: string) => {
    const program = programBefore(words, at);
    const name = paramName(program);
    if (!secrets.some((s) => s.name === name)) secrets.push({ name, program });
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
  return { cmd: secrets.length ? words.join(' ') : cmd, secrets };
}

/** `docker exec -it c sh` -> `docker exec -i c sh`: a run without a terminal cannot allocate one. */
function dropTty(cmd: string): { cmd: string; dropped: boolean } {
  let dropped = false;
  const out = cmd.replace(/\b((?:docker|podman|kubectl)\s+exec)((?:\s+-[-\w=]+)*)/g, (_m, head: string, flags: string) => {
    const kept = flags.replace(/\s+(-[A-Za-z]+|--tty)\b/g, (f: string) => {
      const flag = f.trim();
      if (flag === '--tty' || flag === '-t') {
        dropped = true;
        return '';
      }
      if (/^-[A-Za-z]+$/.test(flag) && flag.includes('t')) {
        dropped = true;
        return ` ${flag.replace(/t/g, '')}`;
      }
      return f;
    });
    return head + kept;
  });
  return { cmd: out, dropped };
}

export function sanitizeImported(cmd: string): Sanitized {
  const tty = dropTty(cmd);
  const s = replaceSecrets(tty.cmd);
  return { cmd: s.cmd, secrets: s.secrets, droppedTty: tty.dropped };
}
