// Resolves the Ollama settings from flags and an environment map (OLLAMA_HOST, OLLAMA_MODEL, OLLAMA_API_KEY).
// Pure: the composition root passes process.env in; nothing deeper reads the environment.
import { z } from 'zod';
import { DEFAULT_OLLAMA_HOST } from './ollama-provider.js';

export interface OllamaSettings {
  host: string;
  /** null when no model is named: the offline engine is the whole answer. */
  model: string | null;
  apiKey?: string;
}

const hostSchema = z.string().trim().min(1);

/** `--model` wins over OLLAMA_MODEL; OLLAMA_HOST may omit the scheme ("localhost:11434"). */
export function resolveOllamaSettings(env: Record<string, string | undefined>, flags: { model?: string; host?: string } = {}): OllamaSettings {
  const rawHost = flags.host ?? env.OLLAMA_HOST;
  const host = hostSchema.safeParse(rawHost).success ? rawHost!.trim() : DEFAULT_OLLAMA_HOST;
  const model = (flags.model ?? env.OLLAMA_MODEL)?.trim() || null;
  const apiKey = env.OLLAMA_API_KEY?.trim() || undefined;
  return { host, model, ...(apiKey ? { apiKey } : {}) };
}
