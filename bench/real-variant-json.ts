// bench:real --variant docker-json|pino: a case's logs as JSON records that name no service themselves, in files
// named after the service: the app's JSON inside Docker's json-file records, or Node's pino (`name`: `<svc>-server`).

/** `<UTC time> LEVEL [service] logger#line message` (TrainTicket's shape), the parts each variant rewrites. */
const LINE = /^(\S+)\s+([A-Z]+)\s+\[[^\]]+\]\s+(.*)$/;

function rewrite(logs: Array<[string, string]>, record: (file: string, time: string, level: string, message: string) => string): Array<[string, string]> {
  return logs.map(([file, text]) => {
    const out: string[] = [];
    for (const line of text.split('\n')) {
      const m = LINE.exec(line);
      if (m) out.push(record(file, m[1]!, m[2]!, m[3]!));
    }
    return [file, out.join('\n') + '\n'] as [string, string];
  });
}

/**
 * `{"log":"{\"message\":\"…\",\"severity\":\"info\",\"timestamp\":\"…\"}\n","stream":"stdout","time":"…"}`: what
 * `docker logs` keeps on disk for an app that logs JSON without a service key (Online Boutique's Go services).
 */
export function dockerJsonLogs(logs: Array<[string, string]>): Array<[string, string]> {
  return rewrite(logs, (_file, time, level, message) => {
    const app = JSON.stringify({ message, severity: level.toLowerCase(), timestamp: time });
    return JSON.stringify({ log: `${app}\n`, stream: level === 'ERROR' ? 'stderr' : 'stdout', time });
  });
}

const PINO_LEVEL: Record<string, number> = { TRACE: 10, DEBUG: 20, INFO: 30, WARN: 40, ERROR: 50, FATAL: 60 };

/**
 * `{"level":50,"time":1675000000000,"pid":1,"hostname":"<pod>","name":"<service>-server","msg":"…"}`: pino's records,
 * the logger named `<service>-server` as Online Boutique's Node services name theirs, the pod from the metrics.
 */
export function pinoLogs(logs: Array<[string, string]>, metrics: string): Array<[string, string]> {
  const pods = new Map<string, string>();
  for (const m of metrics.matchAll(/\bservice="([^"]+)",pod="([^"]+)"/g)) if (!pods.has(m[1]!)) pods.set(m[1]!, m[2]!);
  return rewrite(logs, (file, time, level, message) => {
    const service = file.replace(/\.log$/, '');
    return JSON.stringify({ level: PINO_LEVEL[level] ?? 30, time: Date.parse(time), pid: 1, hostname: pods.get(service) ?? service, name: `${service}-server`, msg: message });
  });
}
