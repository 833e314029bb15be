// The llm module's public surface: what the composition root and the investigation session import.
// Nothing here imports src/mcp; tools arrive as specs and a call function.
export { investigateWithModel, type ModelInvestigationInput, type ModelInvestigationResult } from './model-pass.js';
export { resolveOllamaSettings, type OllamaSettings } from './ollama-settings.js';
export { createOllamaProvider, DEFAULT_OLLAMA_HOST, type OllamaProviderOptions } from './ollama-provider.js';
export { createScriptedProvider, loadTurnsFile, parseTurnsJsonl, type ScriptedProvider, type RecordedTurn } from './scripted-provider.js';
export { runInvestigationLoop, DEFAULT_LIMITS, type LoopLimits, type LoopResult, type LoopCall, type ToolCallFn } from './loop.js';
export { groundVerdict, quoteOccurs, type GroundedVerdict, type CallRecord } from './grounding.js';
export { mergeVerdictIntoReport, offlineWithNotice } from './merge.js';
export { summarizeOfflineReport } from './prompt.js';
export { ProviderError, type LlmProvider, type ChatRequest, type ChatResult, type ChatMessage } from './provider.js';
export { askWithModel, groundAnswer, type AskInput, type AskResult } from './ask.js';
