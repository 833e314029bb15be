// The offline engine's public surface: investigateOffline() and the three report renderers, plus the
// analyzer pieces the model loop reuses (gather, analyzers, ranking).
export { investigateOffline, resolveInvestigationWindow, DEFAULT_WINDOW, type InvestigateOptions } from './engine.js';
export { renderText, type TextRenderOptions } from './render/text.js';
export { renderMarkdown } from './render/markdown.js';
export { renderJson } from './render/json.js';
export { gather, type GatherOptions, type GatherResult } from './gather.js';
export { runAnalyzers, type AnalysisResult } from './runner.js';
export { rank } from './rank.js';
export type { Verdict, Hypothesis } from './hypothesis.js';
export { buildReport } from './build-report.js';
export { ANALYZERS } from './registry.js';
export type { Analyzer, Finding } from './analyzer.js';
export type { EvidenceBundle } from './bundle.js';
export { groundQuote } from './quote.js';
