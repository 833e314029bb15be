// Prompt tokens as the server reads them: with the tool list and earlier turns kept identical, Ollama (and
// llama.cpp servers) reuse the cached prefix, so each request costs only what it adds to the conversation.
import type { ChatMessage, ChatRequest } from './provider.js';
import { requestTokens } from './tokens.js';

export class PromptBudget {
  /** Messages of the previous request: the prefix the server has cached. */
  private seen: ChatMessage[] = [];
  private sentTools: string | null = null;
  used = 0;
  /** What the same requests would cost re-read from scratch (the reference the bench prints). */
  reread = 0;

  constructor(readonly limit: number) {}

  /** Tokens this request adds to what the server already read; the model's own replies are not re-read. */
  added(req: ChatRequest): number {
    const tools = JSON.stringify(req.tools ?? []);
    const samePrefix = this.sentTools === tools && this.seen.every((m, i) => req.messages[i] === m);
    if (!samePrefix) return requestTokens({ ...req, format: undefined });
    const fresh = req.messages.slice(this.seen.length).filter((m) => m.role !== 'assistant');
    return requestTokens({ messages: fresh });
  }

  /** Records a request as sent (call with the exact message objects, so the prefix check holds). */
  record(req: ChatRequest, original: ChatMessage[]): number {
    const n = this.added({ ...req, messages: original });
    this.used += n;
    this.reread += requestTokens({ ...req, format: undefined });
    this.seen = [...original];
    this.sentTools = JSON.stringify(req.tools ?? []);
    return n;
  }

  remaining(): number {
    return this.limit - this.used;
  }
}
