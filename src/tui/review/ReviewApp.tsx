// The `runbook review` screen: the queue (high priority first, then oldest), the selected item, and every
// key listed at the bottom; it keeps only input modes locally and sends each decision out as an intent.
import React, { useRef, useState, useSyncExternalStore } from 'react';
import { Box, Text, useInput } from 'ink';
import type { ReviewIntent, ReviewStore } from './review-store.js';
import { ItemView } from './ItemView.js';

export { createReviewStore, type ReviewStore, type ReviewIntent, type ReviewItemView, type ReviewState } from './review-store.js';

type Mode = { kind: 'browse' } | { kind: 'reason' | 'notes' | 'approve'; text: string } | { kind: 'confirm-run' };

export const KEYS = '[a]pprove  [r]eject  [c]hanges needed  [e]dit in $EDITOR  [x] run now  [n]ext  [p]revious  [q]uit';

export function ReviewApp({ store, onIntent }: { store: ReviewStore; onIntent: (i: ReviewIntent) => void }) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const [mode, setModeState] = useState<Mode>({ kind: 'browse' });
  // Keys can arrive faster than React re-renders (typing, pasting): the handler reads the latest mode
  // and store state, not the ones captured by the last render.
  const modeRef = useRef<Mode>(mode);
  const setMode = (m: Mode) => {
    modeRef.current = m;
    setModeState(m);
  };
  const item = state.items[state.index];

  useInput((input, key) => {
    const now = store.get();
    if (now.busy) return;
    const mode = modeRef.current;
    const item = now.items[now.index];
    if (mode.kind === 'reason' || mode.kind === 'notes' || mode.kind === 'approve') {
      if (key.escape) return setMode({ kind: 'browse' });
      // A fast typist or a paste can deliver "text\r" as one chunk: the line break still sends it.
      const chunkEnds = !key.return && /[\r\n]/.test(input);
      if (key.return || chunkEnds) {
        const text = (chunkEnds ? mode.text + input.split(/[\r\n]/)[0] : mode.text).trim();
        if (!item) return;
        // Approving is confirmed by Enter and its note is optional; a rejection or a send-back needs words.
        if (mode.kind === 'approve') {
          setMode({ kind: 'browse' });
          return onIntent({ type: 'approve', id: item.id, notes: text || null });
        }
        if (!text) return;
        setMode({ kind: 'browse' });
        return onIntent(mode.kind === 'reason' ? { type: 'reject', id: item.id, reason: text } : { type: 'changes', id: item.id, notes: text });
      }
      if (key.backspace || key.delete) return setMode({ ...mode, text: mode.text.slice(0, -1) });
      if (input && !key.ctrl && !key.meta) setMode({ ...mode, text: mode.text + input });
      return;
    }
    if (mode.kind === 'confirm-run') {
      setMode({ kind: 'browse' });
      if ((input === 'y' || input === 'Y') && item) onIntent({ type: 'run', id: item.id });
      return;
    }
    if (input === 'q' || key.escape || (key.ctrl && input === 'c')) return onIntent({ type: 'quit' });
    if (input === 'n' || key.rightArrow || key.downArrow) return store.move(1);
    if (input === 'p' || key.leftArrow || key.upArrow) return store.move(-1);
    if (!item) return;
    if (input === 'a') setMode({ kind: 'approve', text: '' });
    else if (input === 'r') setMode({ kind: 'reason', text: '' });
    else if (input === 'c') setMode({ kind: 'notes', text: '' });
    else if (input === 'e') onIntent({ type: 'edit', id: item.id });
    else if (input === 'x') setMode({ kind: 'confirm-run' });
  });

  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>Runbook review</Text> <Text dimColor>· reviewer {state.reviewer} · </Text>
        {state.items.length ? `item ${state.index + 1} of ${state.items.length}` : 'the queue is empty'}
      </Text>
      <Box flexDirection="column">
        {state.items.map((it, i) => (
          <Text key={it.id} inverse={i === state.index}>
            {i === state.index ? '›' : ' '} {it.priority === 'high' ? 'HIGH  ' : 'normal'} {it.id} <Text dimColor>{it.status}</Text>
          </Text>
        ))}
      </Box>
      {item ? (
        <Box marginTop={1} flexDirection="column">
          <ItemView item={item} />
        </Box>
      ) : (
        <Text dimColor>Nothing waits for review.</Text>
      )}
      {state.message ? <Text color={state.message.tone === 'error' ? 'red' : state.message.tone === 'ok' ? 'green' : 'yellow'}>{state.message.text}</Text> : null}
      {state.busy ? <Text color="yellow">{state.busy}…</Text> : null}
      {mode.kind === 'approve' && item ? (
        <Box borderStyle="round" borderColor="green" paddingX={1} flexDirection="column">
          <Text>
            Approve <Text bold>{item.id}</Text>? It becomes the active version of {item.runbookId}.
          </Text>
          <Text>
            Note (optional): {mode.text}
            <Text inverse> </Text> <Text dimColor>(Enter to approve, Esc to cancel)</Text>
          </Text>
        </Box>
      ) : null}
      {mode.kind === 'reason' || mode.kind === 'notes' ? (
        <Box borderStyle="round" borderColor="magenta" paddingX={1}>
          <Text>
            {mode.kind === 'reason' ? 'Reason for rejecting' : 'What needs to change'}: {mode.text}
            <Text inverse> </Text> <Text dimColor>(Enter to send, Esc to cancel)</Text>
          </Text>
        </Box>
      ) : null}
      {mode.kind === 'confirm-run' && item ? (
        <Box borderStyle="round" borderColor="magenta" paddingX={1}>
          <Text>Run candidate {item.id} now, mutating steps included? [y]es / any other key: no</Text>
        </Box>
      ) : null}
      <Text dimColor>{KEYS}</Text>
    </Box>
  );
}
