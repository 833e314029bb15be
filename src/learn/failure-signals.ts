// Phrasing families of real tool failures (shells, curl, psql, mysql, redis, docker/podman, kubectl, systemd,
// git, apt, pip/npm, Python/Java/Node/Go runtimes), shared by the classification rules and the repairs.
// Each family matches the wording many tools share, not one sentence; fixtures/failures is the corpus they are measured on.

/** A program the host lacks: shells, exec/spawn errors, env(1), systemd's EXEC step, subprocess tracebacks. */
export const MISSING_COMMAND_RE = new RegExp(
  [
    'command not found', 'not found in PATH', 'executable file not found', String.raw`\b\S+: not found\b`, String.raw`spawn \S+ ENOENT`,
    String.raw`(?:exec|spawn)\w*\s+\S+: No such file or directory`, String.raw`No such file or directory.*(?:exec|spawn)`,
    String.raw`^env: \S+: No such file or directory`, String.raw`_execute_child[\s\S]*No such file or directory: '[^'/]+'`,
    'is not installed', 'not recognized as an internal',
  ].join('|'),
  'im',
);

/** Refused for want of rights or credentials: OS errors, HTTP 401/403, database and cluster authentication. */
export const PERMISSION_RE = new RegExp(
  [
    String.raw`EACCES|EPERM\b|permission denied|operation not permitted|access denied|unauthori[sz]ed|forbidden`,
    String.raw`\b(?:HTTP|status|code|error)\D{0,12}40[13]\b|\b40[13] (?:Unauthorized|Forbidden)`,
    String.raw`authentication (?:failed|required)|NOAUTH|must be logged in|provide credentials|are you root\??`,
  ].join('|'),
  'i',
);

/** The host is set up differently from what the runbook assumes; each alternative is one family. */
export const ENV_SETUP_RE = new RegExp(
  [
    // identity and local configuration
    String.raw`unable to auto-detect email address|Please tell me who you are|Author identity unknown|no email was given|is not set in the environment|environment variable \S+ (?:is )?not set`,
    String.raw`detected dubious ownership|not a git repository|does not appear to be a git repository|did you specify the right host or port`,
    String.raw`Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED`,
    String.raw`certificate signed by unknown authority|certificate verify failed|self[- ]signed certificate`,
    // read-only targets, full disks, ports another process holds
    String.raw`read[- ]only (?:file ?system|replica|snapshot|transaction)|EROFS|recorded \w+.{0,40}cannot be changed`,
    String.raw`ENOSPC|no space left on device|\[Errno 28\]`,
    String.raw`EADDRINUSE|address already in use|port is already allocated`,
    // something the host was expected to have installed or created
    String.raw`Unit \S+ (?:could not be found|not found)|Unit file \S+ does not exist|has not been booted with systemd`,
    String.raw`no such container|no container with name or ID|image not known|no such image|database "[^"]+" does not exist|(?:repository|the path|directory|archive) ['"][^'"\n]+['"] does not exist`,
    String.raw`ENOTCACHED|no cached response is available`,
    String.raw`Unable to locate package|cannot access archive|Unable to access jarfile|Could not find or load main class|ClassNotFoundException`,
    String.raw`Cannot find (?:module|package) '|ModuleNotFoundError|No module named|can only install with an existing package-lock|externally-managed-environment`,
  ].join('|'),
  'i',
);

/** The name of a host could not be resolved: nothing answered at all. */
export const DNS_RE = /could not resolve|name or service not known|no such host|\bENOTFOUND\b|getaddrinfo|temporary failure (?:in name )?resolution|temporary failure resolving|could not translate host name|UnknownHostException|host not found/i;

/** A connection that was refused, reset or timed out, or a remote 5xx. */
export const NETWORK_RE = new RegExp(
  [
    String.raw`ECONNREFUSED|connection refused|ECONNRESET|connection reset|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|no route to host|network is unreachable`,
    String.raw`(?:connection|connect|request|read|handshake) timed out|operation timed out after|timed out (?:after|while connecting|connecting)|i/o timeout|deadline exceeded`,
    String.raw`failed to connect|couldn't connect to server|can't connect to|could not connect to|unable to connect`,
    String.raw`\b(?:HTTP|status|code|error)\D{0,12}5\d\d\b|\b5\d\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)`,
  ].join('|'),
  'i',
);

/** The peer is this host: a loopback address or a local socket. */
export const LOCAL_PEER_RE = /\b127\.\d{1,3}\.\d{1,3}\.\d{1,3}\b|\blocalhost\b|\[::1\]|\blocal (?:\w+ )?server\b|unix:\/\/|\.sock\b|\.s\.PGSQL\.\d+|server running locally|on socket "/i;

/** A dependency that is not running, in the words of the program that needed it. */
export const DEPENDENCY_RE = new RegExp(
  [
    String.raw`dependency (?:is )?(?:missing|not running|unavailable|not found|not ready|down)|missing dependency|requires? \S+ to be running`,
    String.raw`\bis not running\b|\bnot started\b|\b(?:is|was) (?:stopped|inactive|dead)\b|Is the \S+ daemon running`,
    String.raw`a dependency job for \S+ failed|dependency failed for|failed with result 'dependency'`,
  ].join('|'),
  'i',
);

/** The program gave up waiting for something that was still on its way (a rollout, a load, a long statement). */
export const WAIT_RE = /timed out waiting for|is loading the dataset|statement timeout|not ready yet|try again later/i;

const NAME = String.raw`["'\`]?([A-Za-z0-9][A-Za-z0-9_.@-]*)["'\`]?`;
const NAME_PATTERNS = [
  new RegExp(String.raw`dependency (?:is )?(?:missing|not running|unavailable|not found|not ready|down)[:\t ]+\(?${NAME}`, 'i'),
  new RegExp(String.raw`missing dependency[:\t ]+${NAME}`, 'i'),
  new RegExp(String.raw`requires? ${NAME} to be running`, 'i'),
  new RegExp(String.raw`${NAME} (?:is not running|not started|(?:is|was) (?:stopped|inactive|dead))`, 'i'),
  new RegExp(String.raw`Is the ${NAME} daemon running`, 'i'),
];
const NOT_A_NAME = /^(the|a|an|it|is|this|that|service|dependency|server|process|daemon|program)$/i;

/** Well-known services, recognised by product name, socket file or default port, as their usual unit name. */
const WELL_KNOWN: Array<[string, RegExp]> = [
  ['postgresql', /postgres|\.s\.PGSQL|\bpsql:|:5432\b|port 5432\b/i],
  ['mysql', /mysql|mariadb|:3306\b|port 3306\b/i],
  ['redis', /redis|:6379\b|port 6379\b/i],
  ['docker', /docker daemon|docker\.sock/i],
  ['mongod', /mongo|:27017\b/i],
  ['rabbitmq-server', /rabbitmq|:5672\b/i],
  ['memcached', /memcached|:11211\b/i],
];

/** The dependency a failure names: an explicit phrase first, else a well-known local service it could not reach. */
export function dependencyName(text: string, localService = false): string | null {
  for (const re of NAME_PATTERNS) {
    const m = re.exec(text);
    if (m && !NOT_A_NAME.test(m[1])) return m[1].replace(/[.]+$/, '').replace(/^(\S+)\.service$/, '$1');
  }
  if (!localService) return null;
  const known = WELL_KNOWN.filter(([, re]) => re.test(text)).map(([n]) => n);
  // Two products in one message (a Redis error inside a Postgres tool) name nothing for sure.
  return known.length === 1 ? known[0] : null;
}

/** The program the host lacks, from the usual messages, else the step's argv[0]. */
export function missingProgram(text: string, argv0: string | undefined): string | null {
  const patterns = [
    /command not found: (\S+)/, /spawn (\S+) ENOENT/, /executable file not found.*?"([^"]+)"/, /^env: ['‘"]?([^'’":\s]+)['’"]?: No such file/m,
    /spawn\w*\s+(\S+): No such file or directory/i, /No such file or directory: '([^'/]+)'/, /(\S+): (?:command )?not found/,
  ];
  const m = patterns.map((re) => re.exec(text)).find((x) => x !== null);
  const name = m ? m[1] : argv0;
  return name ? name.replace(/^.*\//, '').replace(/[:'"‘’]+$/, '') : null;
}

/** A Python module the interpreter could not import. */
export function missingPythonModule(text: string): string | null {
  const m = /(?:ModuleNotFoundError|ImportError): No module named ['"]?([A-Za-z0-9_.]+)['"]?/.exec(text);
  return m ? m[1].split('.')[0] : null;
}

/** The program is missing inside a container, where a check on the host proves nothing. */
export const IN_CONTAINER_RE = /OCI runtime|starting container process|executing in (?:Docker )?container/i;

/** git refused to commit for want of an identity. */
export const GIT_IDENTITY_RE = /unable to auto-detect email address|Please tell me who you are|Author identity unknown|no email was given/i;
