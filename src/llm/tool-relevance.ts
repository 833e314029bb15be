// Which read-only tools to put in front of the model: the ones that can test the hypotheses at hand (the
// tool list is most of a request), every tool of an extra server the person configured, or all on request.
import type { ToolSpec } from '../core/tools.js';

/** The built-in servers, whose tools are picked per hypothesis; other servers' tools are always offered. */
const BUILT_IN = new Set(['logs', 'git', 'metrics', 'docker']);

/** Tools that help with any incident. */
const ALWAYS = ['logs__error_signatures', 'logs__search_logs', 'logs__read_logs', 'git__get_recent_commits', 'git__show_commit', 'metrics__get_error_rates'];

/** Per category of hypothesis: the tools that confirm or refute it. */
const BY_CATEGORY: Record<string, string[]> = {
  code_regression: ['git__get_deployments', 'git__search_commits'],
  config_error: ['git__get_deployments', 'git__search_commits', 'docker__inspect_container'],
  resource_exhaustion: ['metrics__query_range', 'metrics__get_anomalies', 'docker__list_containers', 'docker__inspect_container'],
  capacity: ['metrics__query_range', 'metrics__get_anomalies', 'logs__log_stats'],
  dependency_failure: ['docker__health_check', 'docker__list_containers', 'logs__log_stats'],
  certificate_or_auth: ['git__search_commits', 'docker__inspect_container'],
  infrastructure: ['docker__list_containers', 'docker__get_events', 'docker__health_check', 'docker__get_logs'],
  unknown: ['logs__log_stats', 'metrics__get_anomalies', 'git__get_deployments', 'docker__list_containers', 'docker__get_events'],
};

export type ToolChoice = 'relevant' | 'all';

/** The specs to offer (a subset of `specs`, in their order) for hypotheses of these categories. */
export function relevantTools(specs: ToolSpec[], categories: string[], choice: ToolChoice = 'relevant'): ToolSpec[] {
  if (choice === 'all') return specs;
  const wanted = new Set([...ALWAYS, ...(categories.length ? categories : ['unknown']).flatMap((c) => BY_CATEGORY[c] ?? BY_CATEGORY.unknown!)]);
  const picked = specs.filter((s) => wanted.has(s.name) || !BUILT_IN.has(s.server));
  // Names nobody recognises (renamed built-ins): better the whole list than a model with nothing to call.
  return picked.length ? picked : specs;
}
