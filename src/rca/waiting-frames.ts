// A stack caught while its innermost frame blocks on an outbound call (curl_exec, a socket read) shows where the
// time went, not what broke: the files of the frames that called it waited on the remote side and are no suspects.

/**
 * The innermost frame waits for another system: an HTTP client's transfer, a socket read or connect. PHP's slowlog,
 * Java's, Python's and Node's frames name these calls the same way whichever application code reached them.
 */
const BLOCKING_CALL =
  /\b(?:curl_exec|curl_multi_exec|curl_multi_select|stream_socket_client|fsockopen|socket_read|socket_recv|socketRead0?|SocketInputStream\.read|NioSocketImpl\.(?:read|connect)|SocketDispatcher\.read|sock_recv|recv_into|_ssl__SSLSocket\.read|getaddrinfo)\b/;
/** One frame of a stack trace (`[0x..] fn() file:line`, `at pkg.Cls.m(File.java:12)`, `File "x.py", line 3`, `at fn (file:1:2)`). */
const FRAME = /^\s*(?:\[0x[0-9a-f]+\]|at\s|File\s+"|#\d+\s)/i;

/**
 * The text without the frames that only waited: in a stack whose innermost frame is a blocking outbound call, the
 * frames outside that call (its callers) are dropped, the call's own frame and everything that is not a frame kept.
 * Python prints its innermost frame last ("most recent call last"); the others print it first.
 */
export function withoutWaitingCallers(text: string): string {
  const lines = text.split('\n');
  const order = /most recent call last/i.test(text) ? [...lines.keys()].reverse() : [...lines.keys()];
  const frames = order.filter((i) => FRAME.test(lines[i]!));
  if (frames.length < 2) return text;
  // Python names the call on the line after its `File "..."` frame; the others on the frame itself.
  const said = (i: number) => `${lines[i]}\n${lines[i + 1] ?? ''}`;
  if (!BLOCKING_CALL.test(said(frames[0]!))) return text;
  const callers = new Set(frames.slice(1));
  return lines.filter((_l, i) => !callers.has(i) && !(callers.has(i - 1) && !FRAME.test(lines[i]!) && /^\s{4,}\S/.test(lines[i]!))).join('\n');
}
