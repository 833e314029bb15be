#!/usr/bin/env node
// Thin shim: the built CLI does the work.
import('../dist/src/cli/main-rca.js').then((m) => m.main(process.argv));
