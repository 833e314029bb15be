#!/usr/bin/env node
// Thin shim: the built CLI does the work.
import('../dist/src/cli/main-runbook.js').then((m) => m.main(process.argv));
