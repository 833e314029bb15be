// The interactive `runbook exec` screen: the plan, each step with live output and timing, a y/n confirmation
// before every mutating step (no then offers skip / abort / run); it renders the store and sends answers back.
import React, { useSyncExternalStore } from 'react';
import { Box, Text, useInput } from 'ink';
import type { ExecStore, ExecViewState, StepView } from './exec-store.js';

export { createExecStore, type ExecStore } from './exec-store.js';

function StepLine({ s }: { s: StepView }) {
  const mark = s.status === 'running' ? '…' : s.status === 'ok' ? '✔' : s.status === 'skipped' ? '-' : '✘';
  const colour = s.status === 'ok' ? 'green' : s.status === 'failed' ? 'red' : 'yellow';
  return (
    <Box flexDirection="column">
      <Text color={colour}>
        {mark} {s.phase === 'rollback' ? 'rollback ' : ''}
        {s.id}
        {s.seconds !== null ? ` (${s.seconds.toFixed(2)} s)` : ''}
        {s.attempts > 1 ? ` attempt ${s.attempts}` : ''}
        {s.error ? `: ${s.error}` : ''}
      </Text>
      {s.lines.map((l, i) => (
        <Text key={i} dimColor>
          {'    '}
          {l}
        </Text>
      ))}
    </Box>
  );
}

function Question({ q }: { q: NonNullable<ExecViewState['question']> }) {
  const what = q.phase === 'rollback' ? 'rollback step' : 'mutating step';
  if (!q.declined) {
    return (
      <Box borderStyle="round" borderColor="magenta" paddingX={1}>
        <Text>
          Run {what} <Text bold>{q.stepId}</Text> ({q.text})? [y]es / [n]o
        </Text>
      </Box>
    );
  }
  return (
    <Box borderStyle="round" borderColor="magenta" paddingX={1} flexDirection="column">
      <Text>
        Not running <Text bold>{q.stepId}</Text>. What now?
      </Text>
      <Text>
        [s]kip it and go on · [a]bort the run{q.changed ? ' (what already changed is rolled back)' : ' (nothing has changed yet)'} · [r]un it after all
      </Text>
    </Box>
  );
}

export function ExecApp({ store, onInterrupt }: { store: ExecStore; onInterrupt: () => void }) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  useInput((input, key) => {
    if (key.ctrl && input === 'c') {
      store.answer('abort');
      onInterrupt();
      return;
    }
    const q = store.get().question;
    if (!q) return;
    const k = input.toLowerCase();
    if (!q.declined) {
      if (k === 'y') store.answer('run');
      else if (k === 'n' || key.escape) store.decline();
      return;
    }
    if (k === 's') store.answer('skip');
    else if (k === 'a' || key.escape) store.answer('abort');
    else if (k === 'r' || k === 'y') store.answer('run');
  });
  return (
    <Box flexDirection="column">
      <Text bold>{state.title}</Text>
      <Text>Plan{state.dryRun ? ' (dry run: nothing will run)' : ''}:</Text>
      {state.plan.map((p, i) => (
        <Text key={p.id}>
          {'  '}
          {i + 1}. {p.id}
          {p.mutating ? <Text color="magenta"> [mutating]</Text> : null}
          <Text dimColor> {p.command}</Text>
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        {state.steps.map((s) => (
          <StepLine key={`${s.phase}-${s.id}`} s={s} />
        ))}
      </Box>
      {state.verify.length > 0 ? (
        <Box flexDirection="column">
          {state.verify.map((v) => (
            <Text key={v.name} color={v.passed ? 'green' : 'yellow'}>
              verify {v.name}: {v.passed ? 'ok' : v.detail}
            </Text>
          ))}
        </Box>
      ) : null}
      {state.question ? <Question q={state.question} /> : null}
      {state.status ? (
        <Text bold color={state.status === 'success' ? 'green' : 'red'}>
          {state.status.toUpperCase()}
          {state.error ? `: ${state.error}` : ''}
        </Text>
      ) : !state.finished ? (
        <Text dimColor>Ctrl-C interrupts (recorded as interrupted)</Text>
      ) : null}
    </Box>
  );
}
