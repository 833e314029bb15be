#!/usr/bin/env node
// Thin shim: the built CLI does the work.
import('../dist/bundle/runbook.mjs').then((m) => m.main(process.argv));
