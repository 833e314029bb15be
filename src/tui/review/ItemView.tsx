// One queue item: the candidate's lineage, the failed execution (error, failing step, state before and
// after), the classification with its reasoning, lint problems if any, and the diff from its parent.
import React from 'react';
import { Box, Text } from 'ink';
import type { ReviewItemView } from './review-store.js';
import { DiffView } from './DiffView.js';

function State({ label, state }: { label: string; state: Record<string, string> }) {
  const entries = Object.entries(state);
  return (
    <Text>
      <Text dimColor>{label}: </Text>
      {entries.length ? entries.map(([k, v]) => `${k}=${v}`).join('  ') : '(nothing captured)'}
    </Text>
  );
}

export function ItemView({ item }: { item: ReviewItemView }) {
  const e = item.execution;
  const c = item.classification;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>{item.id}</Text> {item.priority === 'high' ? <Text color="red">[high]</Text> : <Text dimColor>[{item.priority}]</Text>}{' '}
        <Text dimColor>
          {item.status} · from v{item.parentVersion ?? '?'} · by {item.generatedBy}
          {item.model ? ` (${item.model})` : ''} · {item.createdAt}
        </Text>
      </Text>
      {item.summary ? <Text>{item.summary}</Text> : null}
      {item.notes && item.status === 'needs_changes' ? <Text color="yellow">review notes: {item.notes}</Text> : null}
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Failed execution</Text>
        {e ? (
          <>
            <Text>
              {e.id} · {e.status}
              {e.failingStep ? ` · failing step ${e.failingStep}` : ''}
            </Text>
            {e.error ? <Text color="red">error: {e.error}</Text> : null}
            {e.stepError && e.stepError !== e.error ? <Text color="red">step: {e.stepError}</Text> : null}
            {e.stderr ? <Text dimColor>stderr: {e.stderr}</Text> : null}
            <State label="state before" state={e.stateBefore} />
            <State label="state after" state={e.stateAfter} />
          </>
        ) : (
          <Text dimColor>(the execution is no longer in the history)</Text>
        )}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Classification</Text>
        {c ? (
          <>
            <Text>
              <Text color="magenta">{c.type}</Text> · confidence {c.confidence.toFixed(2)} · by {c.by}
            </Text>
            <Text>{c.reasoning}</Text>
          </>
        ) : (
          <Text dimColor>(not classified)</Text>
        )}
      </Box>
      {item.lint.length ? (
        <Box flexDirection="column" marginTop={1}>
          <Text color="red" bold>Does not lint</Text>
          {item.lint.map((p, i) => (
            <Text key={i} color="red">
              {p}
            </Text>
          ))}
        </Box>
      ) : null}
      <Box flexDirection="column" marginTop={1}>
        <Text bold>
          Diff v{item.parentVersion ?? '?'} → v{item.version}
        </Text>
        <DiffView diff={item.diff} />
      </Box>
    </Box>
  );
}
