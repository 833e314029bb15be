// The one interface the investigation loop talks to: Ollama in production, a scripted replay in tests.
// Shapes follow Ollama's /api/chat (role 'tool' + tool_name, tool_calls with object arguments).

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export interface ChatToolCall {
  function: {
    name: string;
    /** Ollama sends an object; a string (or anything else) here is a malformed call the loop refuses. */
    arguments: unknown;
  };
}

export interface ChatMessage {
  role: ChatRole;
  content: string;
  tool_calls?: ChatToolCall[];
  /** For role 'tool': which tool produced this result. */
  tool_name?: string;
}

/** A tool as Ollama expects it in `tools`. */
export interface ChatTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ChatTool[];
  /** JSON schema for structured output (Ollama `format`). */
  format?: Record<string, unknown>;
  /** Streaming progress, for the live view (tokens so far and the rate since the first one). */
  onProgress?: (p: ChatProgress) => void;
  /** A person stopped waiting: the request ends with ProviderError 'cancelled'. */
  signal?: AbortSignal;
}

export interface ChatProgress {
  tokens: number;
  /** Since the request was sent. */
  ms: number;
  /** Since the first token; null before it. */
  tokensPerSecond: number | null;
}

export interface ChatResult {
  message: ChatMessage;
  /** What the server reported (Ollama prompt_eval_count / eval_count); null when it did not say. */
  promptTokens: number | null;
  completionTokens: number | null;
  /** Why generation ended early: the num_predict cap, or a loop the provider cut. */
  stopped?: 'length' | 'repetition';
}

export type ProviderCheck = { ok: true } | { ok: false; notice: string };

export interface LlmProvider {
  /** Shown in the report's engine field: "ollama:<model>". */
  readonly model: string;
  readonly label: string;
  /** Fast reachability and model-presence check (short timeout); never throws. */
  check(): Promise<ProviderCheck>;
  /** One chat turn; throws ProviderError on transport or server failure. */
  chat(request: ChatRequest): Promise<ChatResult>;
}

export type ProviderErrorKind = 'unreachable' | 'model_missing' | 'timeout' | 'bad_response' | 'server_error' | 'script_exhausted' | 'cancelled';

/** A provider failure the caller turns into one stderr line and the offline report. */
export class ProviderError extends Error {
  constructor(
    public readonly kind: ProviderErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
