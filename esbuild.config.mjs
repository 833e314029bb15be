// Bundles after tsc into dist/bundle/: the stdio servers and `rca` into single CommonJS files run through V8's code
// cache, `runbook` into an entry plus chunks: a few files instead of hundreds of modules, compiled once, not per run.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Every folder under servers/ is a server whose index.ts becomes dist/bundle/<name>-server.cjs, run by the small
// dist/bundle/<name>-server.mjs written below: the file rca launches for the source of that name
// (src/core/sources.ts). A new server needs no line here.
const servers = readdirSync('servers', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

const entries = {
  rca: 'dist/src/cli/main-rca.js',
  runbook: 'dist/src/cli/main-runbook.js',
  // search and scan workers of the logs server, loaded next to its bundle
  'logs-scan-worker': 'dist/servers/logs/scan-worker.js',
  // The PostgreSQL store's worker thread (pg bundled in); bridge.ts finds it beside the programs.
  'pg-worker': 'dist/src/store/pg/worker.js',
};
const serverEntries = Object.fromEntries(servers.map((name) => [`${name}-server`, `dist/servers/${name}/index.js`]));

// Ink imports React DevTools only when DEV=true; the package is not installed, so resolve it to nothing.
const stubDevtools = {
  name: 'stub-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { connectToDevTools() {} };' }));
  },
};

// zod's entry points re-export all of its ~40 message locales (about 370 KB of every bundle, parsed by every
// process and worker at start); only English is ever configured, so the locale index resolves to it alone.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /locales[\\/]index\.js$/ }, (a) =>
      /[\\/]zod[\\/]/.test(a.importer) ? { path: path.join(path.dirname(a.importer), a.path), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (a) => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(a.path), 'en.js'))};`,
      resolveDir: path.dirname(a.path),
    }));
  },
};

// The MCP SDK's Client and Server import its Ajv validator (Ajv, its formats and a URI parser: 275 KB) to build one
// in every constructor. Ours (src/core/schema-validator.ts) is the same validator with Ajv required on first use.
const sdkAjvOnDemand = {
  name: 'sdk-ajv-on-demand',
  setup(b) {
    b.onResolve({ filter: /[\\/]validation[\\/]ajv-provider\.js$/ }, (a) =>
      /@modelcontextprotocol[\\/]sdk[\\/]/.test(a.importer) ? { path: path.resolve('dist/src/core/schema-validator.js') } : undefined,
    );
  },
};

// What every bundle shares.
const common = {
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addon: loaded from node_modules at run time.
  external: ['better-sqlite3', 'pg-native'],
  plugins: [stubDevtools, zodEnglishOnly, sdkAjvOnDemand],
  // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
};

// `runbook` is split: what a command imports dynamically (the Ink views, runbook execution, PostgreSQL, the model
// loop...) becomes a chunk loaded only when that command runs. The chunks sit beside the entries (package.json's files
// glob). In `rca`'s one CommonJS file such modules are there but neither run (esbuild wraps them in initializers run
// at the import) nor compiled (V8 compiles a function at its first call, and the code cache keeps only those called).
const CLIS = ['rca', 'runbook'];
mkdirSync('dist/bundle', { recursive: true });
for (const f of readdirSync('dist/bundle', { withFileTypes: true }).filter((d) => d.isFile())) {
  // A chunk of an earlier build no entry imports any more would otherwise ship.
  if (/^chunk-.*\.mjs(\.map)?$/.test(f.name) || /^[a-z]+-server\.mjs\.map$/.test(f.name)) rmSync(path.join('dist/bundle', f.name));
}
// The servers are CommonJS so that src/core/code-cache.ts can hand V8 their compiled code from the last start:
// Node 20 caches no module's code, and compiling a server's megabyte is a tenth of its CPU in every `rca` run.
// import.meta.url (how a server finds its worker and tags its indexes) becomes the bundle's own file URL.
const serversCjs = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
// `rca` runs through the code cache too (dist/bundle/rca.mjs, written below, runs rca.cjs): its ESM chunks were
// compiled at every run, ~80-120 ms of the main process's CPU. Its one way to the Ink live view (whose modules await
// at their top, which CommonJS cannot hold) is an ESM file of its own, imported when a terminal shows it; the view
// imports nothing of ours but types, so no module of the CLI runs twice. `runbook` keeps the split ESM build.
const LIVE_VIEW = 'rca-live-view';
const liveViewApart = {
  name: 'live-view-apart',
  setup(b) {
    b.onResolve({ filter: /[\\/]tui[\\/]investigation[\\/]live-view\.js$/ }, () => ({ path: LIVE_VIEW, namespace: 'live-view' }));
    b.onResolve({ filter: /^\.\/esm-import\.mjs$/ }, (a) => ({ path: a.path, external: true }));
    // Code run from V8's code cache cannot import() (Node 20 loses the script's loader on a cache hit): a real ES
    // module (esm-import.mjs, required as ESM) does the import. Both exports are awaited where report.ts calls them.
    b.onLoad({ filter: /.*/, namespace: 'live-view' }, () => ({
      contents: [
        `const url = require('node:url').pathToFileURL(require('node:path').join(__dirname, '${LIVE_VIEW}.mjs')).href;`,
        `let view;`,
        `const load = () => (view ??= require('./esm-import.mjs').importEsm(url));`,
        `export const startLiveView = async (...args) => (await load()).startLiveView(...args);`,
        `export const askToRun = async (...args) => (await load()).askToRun(...args);`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};
await Promise.all([
  build({ ...common, entryPoints: { runbook: entries.runbook }, splitting: true, chunkNames: 'chunk-[hash]' }),
  // Workers, servers and the live view stay one file each: they load everything they have at start anyway.
  build({ ...common, entryPoints: { ...Object.fromEntries(Object.entries(entries).filter(([n]) => !CLIS.includes(n))), [LIVE_VIEW]: 'dist/src/tui/investigation/live-view.js' } }),
  build({ ...serversCjs, entryPoints: { ...serverEntries, 'code-cache': 'dist/src/core/code-cache.js' } }),
  build({ ...serversCjs, entryPoints: { rca: entries.rca }, plugins: [liveViewApart, ...common.plugins] }),
]);
writeFileSync('dist/bundle/esm-import.mjs', `// Generated by esbuild.config.mjs: import() for rca.cjs, which runs from V8's code cache and cannot.\nexport const importEsm = (url) => import(url);\n`);
// esbuild escapes what it prints but copies comments as they are: one non-ASCII character in a comment makes V8
// hold the whole file as a two-byte string (twice the memory, a slower decode and parse). Escaped, it stays one byte.
for (const f of readdirSync('dist/bundle').filter((n) => /\.[cm]js$/.test(n))) {
  const file = path.join('dist/bundle', f);
  const text = readFileSync(file, 'utf8');
  if (/[^\x00-\x7f]/.test(text)) writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
// <name>-server.mjs, the file rca, the bin/ shims and MCP clients start, runs the CommonJS bundle through the cache.
for (const name of Object.keys(serverEntries)) {
  const run = `createRequire(import.meta.url)('./code-cache.cjs').runWithCodeCache(new URL('./${name}.cjs', import.meta.url));`;
  const header = `// Generated by esbuild.config.mjs: runs ${name}.cjs through V8's code cache (src/core/code-cache.ts).`;
  writeFileSync(path.join('dist/bundle', `${name}.mjs`), `${header}\nimport { createRequire } from 'node:module';\n${run}\n`);
}
// rca.mjs, which bin/rca.js imports, runs rca.cjs the same way and hands on its main.
writeFileSync(
  'dist/bundle/rca.mjs',
  [
    "// Generated by esbuild.config.mjs: runs rca.cjs through V8's code cache (src/core/code-cache.ts).",
    "import { createRequire } from 'node:module';",
    "export const { main } = createRequire(import.meta.url)('./code-cache.cjs').runWithCodeCache(new URL('./rca.cjs', import.meta.url));",
    '',
  ].join('\n'),
);
