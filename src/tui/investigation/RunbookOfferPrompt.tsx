// The offer after an interactive report: the best matching runbook and the exact command that would run;
// y runs it, n / Esc / Ctrl-C declines. It only renders the store and sends the answer back.
import React, { useSyncExternalStore } from 'react';
import { Box, Text, useInput } from 'ink';
import type { InvestigationStore } from './investigation-store.js';

export function RunbookOfferPrompt({ store }: { store: InvestigationStore }) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  useInput((input, key) => {
    if (!state.offer || state.answer !== null) return;
    if (input === 'y' || input === 'Y') store.answer(true);
    else if (input === 'n' || input === 'N' || key.escape || (key.ctrl && input === 'c')) store.answer(false);
  });
  const offer = state.offer;
  if (!offer) return null;
  if (state.answer !== null) {
    return <Text dimColor>{state.answer ? `running ${offer.id}…` : `not running ${offer.id}; later: ${offer.command}`}</Text>;
  }
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="magenta" paddingX={1}>
      {offer.headline ? (
        <Text bold>
          Root cause: {offer.headline}
          {offer.confidence !== undefined ? <Text dimColor> ({Math.round(offer.confidence * 100)}%)</Text> : null}
        </Text>
      ) : null}
      <Text>
        Best matching runbook: <Text bold>{offer.id}</Text> {offer.title} <Text dimColor>(match {offer.score.toFixed(2)})</Text>
      </Text>
      <Text dimColor>{offer.command}</Text>
      <Text>
        Run it now (each mutating step asks again)? [y]es / [n]o
      </Text>
    </Box>
  );
}
