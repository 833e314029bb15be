#!/usr/bin/env node
// Thin shim: the built CLI does the work.
import('../dist/bundle/rca.mjs').then((m) => m.main(process.argv));
