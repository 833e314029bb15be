// The unified diff parent -> candidate, coloured (added green, removed red, hunks cyan); with colour off
// (NO_COLOR, pipes) the +/- prefixes still carry the meaning.
import React from 'react';
import { Box, Text } from 'ink';
import type { ReviewItemView } from './review-store.js';

const COLOURS = { header: 'gray', hunk: 'cyan', add: 'green', del: 'red', same: undefined } as const;

export function DiffView({ diff, maxLines = 40 }: { diff: ReviewItemView['diff']; maxLines?: number }) {
  if (diff.length === 0) return <Text dimColor>(no difference from the parent)</Text>;
  const shown = diff.slice(0, maxLines);
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => (
        <Text key={i} color={COLOURS[l.kind]} bold={l.kind === 'header'}>
          {l.text || ' '}
        </Text>
      ))}
      {diff.length > maxLines ? <Text dimColor>… {diff.length - maxLines} more diff lines (export the candidate to see all)</Text> : null}
    </Box>
  );
}
