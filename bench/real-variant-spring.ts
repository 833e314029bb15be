// bench:real --variant sleuth: a case's logs as Spring Boot services with Spring Cloud Sleuth write them (the trace
// and span ids in the `[app,trace,span]` bracket after the level, not as TraceID/SpanID words); metrics unchanged.

/**
 * `2023-01-29 08:43:17.121 ERROR [ts-contacts-service,dc7d…,b6ce…] 1 --- [nio-8080-exec-3] c.s.ContactsServiceImpl : msg`:
 * Spring Boot's default console pattern with Sleuth's MDC bracket, millisecond local (UTC) times, the logger padded.
 */
export function sleuthLogs(logs: Array<[string, string]>): Array<[string, string]> {
  return logs.map(([file, text]) => {
    const app = file.replace(/\.log$/, '');
    const lines: string[] = [];
    let n = 0;
    for (const line of text.split('\n')) {
      const m = /^(\S+)\s+([A-Z]+)\s+\[[^\]]+\]\s+(\S+?)(?:#\d+)?\s+TraceID:\s*(\S+)\s+SpanID:\s*(\S+)\s?(.*)$/.exec(line);
      if (!m) continue;
      const [, time, level, logger, trace, span, msg] = m;
      const stamp = time!.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1').replace(/Z$/, '.000');
      const thread = `http-nio-8080-exec-${1 + (n++ % 10)}`.slice(-15).padStart(15);
      lines.push(`${stamp} ${level!.padStart(5)} [${app},${trace},${span}] 1 --- [${thread}] ${logger!.padEnd(40)} : ${msg}`);
    }
    return [file, lines.join('\n') + '\n'] as [string, string];
  });
}
