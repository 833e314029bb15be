// The live `rca` view on a terminal: servers starting, each tool call with its duration, findings and
// notices as they appear; when the investigation ends it folds to one summary line (the report follows).
import React, { useSyncExternalStore } from 'react';
import { Box, Text, useInput, useStdin } from 'ink';
import type { CallView, InvestigationStore, ServerView } from './investigation-store.js';

export { createInvestigationStore, type InvestigationStore, type RunbookOffer } from './investigation-store.js';
export { RunbookOfferPrompt } from './RunbookOfferPrompt.js';

function ServerLine({ s }: { s: ServerView }) {
  if (s.status === 'starting') return <Text color="yellow">… {s.name} starting</Text>;
  if (s.status === 'failed') return <Text color="red">✘ {s.name} failed: {s.error}</Text>;
  return (
    <Text color="green">
      ✔ {s.name} <Text dimColor>({s.tools} tools, {s.ms} ms)</Text>
    </Text>
  );
}

function CallLine({ c }: { c: CallView }) {
  const mark = c.status === 'running' ? '…' : c.status === 'ok' ? '✔' : '✘';
  const colour = c.status === 'running' ? 'yellow' : c.status === 'ok' ? undefined : 'red';
  return (
    <Text color={colour}>
      {'  '}
      {mark} {c.tool}
      {c.ms !== null ? <Text dimColor> {c.ms} ms</Text> : null}
      {c.error ? `: ${c.error}` : null}
    </Text>
  );
}

/** While the model answers: its rate, and the key that stops waiting (only where keys can be read). */
function ModelWait({ store, onStop }: { store: InvestigationStore; onStop?: () => void }) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const { isRawModeSupported } = useStdin();
  const canStop = Boolean(onStop) && isRawModeSupported === true && !state.modelStopped;
  useInput(
    (input, key) => {
      if (input === 's' || key.escape) onStop?.();
    },
    { isActive: canStop },
  );
  if (state.modelStopped) return <Text color="yellow">stopped waiting for the model: the offline report follows</Text>;
  const p = state.modelProgress;
  if (!p) return state.modelRounds > 0 ? <Text color="cyan">model round {state.modelRounds}</Text> : null;
  const rate = p.tokensPerSecond === null ? `reading the prompt, ${p.seconds} s` : `${p.tokens} tokens, ${p.tokensPerSecond} tokens/s`;
  return (
    <Text color="cyan">
      model request {p.round}: {rate}
      {canStop ? <Text dimColor> (press s to stop waiting and take the offline report)</Text> : null}
    </Text>
  );
}

export function InvestigationApp({ store, onStopModel }: { store: InvestigationStore; onStopModel?: () => void }) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const calls = state.calls;
  const finishedCalls = state.callsDone;
  if (state.finished) return <Audit state={state} />;
  return (
    <Box flexDirection="column">
      <Text bold>Investigating: {state.incident}</Text>
      {state.servers.map((s) => (
        <ServerLine key={s.name} s={s} />
      ))}
      {calls.length > 0 ? <Text>Tool calls ({finishedCalls} done):</Text> : null}
      {calls.map((c) => (
        <CallLine key={c.id} c={c} />
      ))}
      <ModelWait store={store} onStop={onStopModel} />
      {state.findings.length > 0 ? <Text>Findings:</Text> : null}
      {state.findings.map((f, i) => (
        <Text key={i}>
          {'  '}• <Text color="magenta">[{f.analyzer}]</Text> {f.summary} <Text dimColor>({Math.round(f.confidence * 100)}%)</Text>
        </Text>
      ))}
      {state.notices.map((n, i) => (
        <Text key={`n${i}`} color="yellow">
          {n}
        </Text>
      ))}
    </Box>
  );
}

/** How many findings the audit keeps (strongest first); the report lists the evidence in full. */
const AUDIT_FINDINGS = 6;

/**
 * What stays in scrollback once the live view ends: one line per server with its calls (and why any failed),
 * and the strongest findings, so the trail of the investigation is still there above the report.
 */
function Audit({ state }: { state: ReturnType<InvestigationStore['get']> }) {
  const failed = state.callsFailed;
  const top = [...state.findings].sort((a, b) => b.confidence - a.confidence).slice(0, AUDIT_FINDINGS);
  return (
    <Box flexDirection="column">
      <Text dimColor>
        investigated with {state.servers.filter((s) => s.status === 'ready').length} server(s), {state.callsDone} tool call(s)
        {failed ? `, ${failed} failed` : ''}, {state.findings.length} finding(s)
        {state.modelRounds ? `, ${state.modelRounds} model round(s)` : ''}
      </Text>
      {state.servers.map((s) => {
        const c = state.byServer[s.name];
        const why = s.status === 'failed' ? `did not start: ${s.error}` : c?.failed ? `${c.failed} failed: ${c.firstError ?? 'no message'}` : '';
        return (
          <Text key={s.name} color={why ? 'red' : undefined} dimColor={!why} wrap="truncate-end">
            {'  '}
            {s.name}: {c?.calls ?? 0} call(s){why ? `, ${why}` : ''}
          </Text>
        );
      })}
      {top.map((f, i) => (
        <Text key={`f${i}`} dimColor wrap="truncate-end">
          {'  '}• [{f.analyzer}] {f.summary} ({Math.round(f.confidence * 100)}%)
        </Text>
      ))}
    </Box>
  );
}
