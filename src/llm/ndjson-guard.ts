// Checks a streamed /api/chat body line by line before the ollama client reads it: a line that is not JSON
// becomes an {"error"} line the client throws on (it would otherwise console.warn it onto our stderr).

/** What each streamed chunk tells the caller: for progress (tokens/s) and the first-token deadline. */
export interface StreamObserver {
  /** Called for each well-formed line, with its parsed value. */
  onLine?(value: unknown): void;
}

function errorLine(message: string): string {
  return `${JSON.stringify({ error: message })}\n`;
}

/** A Response whose body passes only whole JSON lines; anything else ends the stream with an error line. */
export function guardNdjson(res: Response, observer: StreamObserver = {}): Response {
  if (!res.body) return res;
  const decoder = new TextDecoder('utf-8');
  const encoder = new TextEncoder();
  let buffer = '';
  let failed = false;
  const check = (line: string, out: TransformStreamDefaultController<Uint8Array>) => {
    if (failed || line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      observer.onLine?.(value);
      out.enqueue(encoder.encode(`${line}\n`));
    } catch {
      failed = true;
      const shown = line.replace(/\s+/g, ' ').slice(0, 60);
      out.enqueue(encoder.encode(errorLine(`the chat stream held a line that is not JSON (${shown}${line.length > 60 ? '…' : ''})`)));
    }
  };
  const body = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        buffer += decoder.decode(chunk, { stream: true });
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) check(line, out);
      },
      flush(out) {
        buffer += decoder.decode();
        check(buffer, out);
      },
    }),
  );
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}
