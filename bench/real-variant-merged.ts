// bench:real --variant compose: a case's logs as `docker compose logs` prints them, every service's lines in one file
// in time order, each prefixed with its container (`<service>-1  | `); the lines themselves unchanged.

/** All files merged into one `compose.log`, by the time each line starts with (stable for equal times). */
export function composeLogs(logs: Array<[string, string]>): Array<[string, string]> {
  const lines: Array<{ time: string; text: string }> = [];
  for (const [file, text] of logs) {
    const prefix = `${`${file.replace(/\.log$/, '')}-1`.padEnd(32)}| `;
    for (const line of text.split('\n')) if (line.length > 0) lines.push({ time: line.slice(0, 27), text: prefix + line });
  }
  lines.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return logs.length === 0 ? [] : [['compose.log', lines.map((l) => l.text).join('\n') + '\n']];
}
