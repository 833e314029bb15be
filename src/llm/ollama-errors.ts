// Turns whatever the ollama client or fetch throws into a ProviderError with one readable line,
// so the caller can print it on stderr and fall back to the offline report.
import { ProviderError } from './provider.js';

interface WithStatus {
  status_code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

function causeCode(err: unknown): string | null {
  let cur: unknown = err;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as WithStatus).cause;
  }
  return null;
}

function isTimeout(err: unknown): boolean {
  let cur: unknown = err;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const name = (cur as WithStatus).name;
    if (name === 'TimeoutError' || name === 'AbortError') return true;
    cur = (cur as WithStatus).cause;
  }
  return false;
}

export function classifyOllamaError(err: unknown, ctx: { host: string; model: string; timeoutMs: number }): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (err && typeof err === 'object' ? err : {}) as WithStatus;
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (isTimeout(err)) {
    return new ProviderError('timeout', `Ollama at ${ctx.host} did not answer within ${ctx.timeoutMs < 1000 ? `${ctx.timeoutMs} ms` : `${Math.round(ctx.timeoutMs / 1000)} s`}`);
  }
  if (typeof e.status_code === 'number') {
    const status = e.status_code;
    if (status === 404) {
      return new ProviderError('model_missing', `Ollama model '${ctx.model}' is not available at ${ctx.host} (run: ollama pull ${ctx.model})`);
    }
    if (status === 401 || status === 403) {
      return new ProviderError('server_error', `Ollama at ${ctx.host} refused the request (HTTP ${status}): check OLLAMA_API_KEY`);
    }
    return new ProviderError('server_error', `Ollama at ${ctx.host} answered HTTP ${status}: ${oneLine(message)}`);
  }
  const code = causeCode(err);
  if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/.test(code)) {
    return new ProviderError('unreachable', `Ollama at ${ctx.host} is not reachable (${code})`);
  }
  if (message === 'fetch failed') {
    return new ProviderError('unreachable', `Ollama at ${ctx.host} is not reachable (${code ?? 'connection failed'})`);
  }
  if (err instanceof SyntaxError) {
    return new ProviderError('bad_response', `Ollama at ${ctx.host} sent a response that is not valid JSON`);
  }
  return new ProviderError('bad_response', `Ollama at ${ctx.host} failed: ${oneLine(message)}`);
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
