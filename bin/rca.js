#!/usr/bin/env node
// Thin shim: the built CLI does the work (its code compiled once per version when Node keeps a compile cache).
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
import('../dist/bundle/rca.mjs').then((m) => m.main(process.argv));
