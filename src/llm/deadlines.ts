// The two deadlines of one model request (time to the first token, total time) and a person's stop key,
// as one AbortSignal for fetch, plus the words that say which of them ended the request.
import { ProviderError, type ChatProgress } from './provider.js';

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

export interface Deadlines {
  signal: AbortSignal;
  /** Call on every streamed chunk: the first one stops the first-token clock. */
  firstToken(): void;
  progress(tokens: number): ChatProgress;
  /** The ProviderError for an abort this object caused, else null (some other failure). */
  /** `server` names it for the person: "Ollama at http://…". */
  explain(err: unknown, server: string): ProviderError | null;
  clear(): void;
}

export function startDeadlines(opts: { firstTokenMs: number | null; totalMs: number; signal?: AbortSignal; now?: () => number }): Deadlines {
  const now = opts.now ?? (() => performance.now());
  const start = now();
  let firstAt: number | null = null;
  let reason: 'first_token' | 'total' | 'cancelled' | null = null;
  const ctrl = new AbortController();
  const stop = (why: NonNullable<typeof reason>) => {
    if (reason) return;
    reason = why;
    ctrl.abort(new Error(why));
  };
  let firstTimer: ReturnType<typeof setTimeout> | null = opts.firstTokenMs === null ? null : setTimeout(() => stop('first_token'), opts.firstTokenMs);
  const totalTimer = setTimeout(() => stop('total'), opts.totalMs);
  const onCancel = () => stop('cancelled');
  if (opts.signal?.aborted) onCancel();
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  return {
    signal: ctrl.signal,
    firstToken() {
      if (firstAt !== null) return;
      firstAt = now();
      if (firstTimer) clearTimeout(firstTimer);
      firstTimer = null;
    },
    progress(tokens) {
      const t = now();
      const since = firstAt === null ? 0 : (t - firstAt) / 1000;
      return { tokens, ms: Math.round(t - start), tokensPerSecond: firstAt === null || since <= 0 ? null : Math.round((tokens / since) * 10) / 10 };
    },
    explain(_err, server) {
      if (reason === 'first_token') return new ProviderError('timeout', `${server} did not start answering within ${seconds(opts.firstTokenMs ?? 0)} (model.first_token_timeout_ms)`);
      if (reason === 'total') return new ProviderError('timeout', `${server} did not finish answering within ${seconds(opts.totalMs)} (model.timeout_ms)`);
      if (reason === 'cancelled') return new ProviderError('cancelled', 'stopped waiting for the model');
      return null;
    },
    clear() {
      if (firstTimer) clearTimeout(firstTimer);
      clearTimeout(totalTimer);
      opts.signal?.removeEventListener('abort', onCancel);
    },
  };
}
