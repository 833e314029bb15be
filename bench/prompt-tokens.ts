// Prompt tokens sent per model investigation: the scripted model drives a demo-like investigation over
// the real servers (stdio) on fixtures/checkout-500; run with `npx tsx bench/prompt-tokens.ts [--runs 5]`
// (BENCH_DEBUG=1 also prints the hypotheses text and the tokens of each request).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { serverOf, toolOf, type ToolCaller, type ToolCallOutcome, type ToolSpec } from '../src/core/tools.js';
import { investigateOffline } from '../src/rca/index.js';
import { askWithModel } from '../src/llm/ask.js';
import { runInvestigationLoop } from '../src/llm/loop.js';
import { summarizeOfflineReport } from '../src/llm/prompt.js';
import { createScriptedProvider, type RecordedTurn } from '../src/llm/scripted-provider.js';
import { estimateTokens, requestTokens } from '../src/llm/tokens.js';
import { buildToolOffer, isOfferable, toChatTool } from '../src/llm/tool-offer.js';
import { relevantTools } from '../src/llm/tool-relevance.js';

const TARGET = 8_000;
const DEMO = 'fixtures/checkout-500';
const AT = '2026-02-17T15:00:00Z';
const SUSPECT = '6e955a79f78f5b1ba736c5c8aa427fbee49ba135';
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;

function serverCommand(name: string): string[] {
  const built = `dist/servers/${name}/index.js`;
  return existsSync(built) ? [built] : ['--import', 'tsx', `servers/${name}/index.ts`];
}

async function startServers(repo: string) {
  const argsFor: Record<string, string[]> = {
    logs: ['--source', `${DEMO}/logs`, '--at', AT],
    git: ['--repo', repo, '--at', AT],
    metrics: ['--file', `${DEMO}/metrics/metrics.om`, '--at', AT],
    // --allow-mutations so the whole tool list includes the mutating tools the loop must filter out.
    docker: ['--snapshot', `${DEMO}/docker/snapshot.json`, '--allow-mutations', '--at', AT],
  };
  const clients = new Map<string, Client>();
  const specs: ToolSpec[] = [];
  for (const [name, args] of Object.entries(argsFor)) {
    const transport = new StdioClientTransport({ command: process.execPath, args: [...serverCommand(name), ...args], stderr: 'ignore' });
    const client = new Client({ name: 'bench-prompt-tokens', version: '0' });
    await client.connect(transport);
    clients.set(name, client);
    for (const t of (await client.listTools()).tools) {
      specs.push({
        name: `${name}__${t.name}`, server: name, tool: t.name, description: t.description ?? '',
        inputSchema: t.inputSchema as Record<string, unknown>,
        readOnly: t.annotations?.readOnlyHint === true, destructive: t.annotations?.destructiveHint !== false,
      });
    }
  }
  let n = 0;
  const call = async (tool: string, args: Record<string, unknown>): Promise<ToolCallOutcome> => {
    const [server, name] = [serverOf(tool), toolOf(tool)];
    const start = performance.now();
    const res = await clients.get(server)!.callTool({ name, arguments: args });
    const content = Array.isArray(res.content) ? res.content : [];
    const text = content.map((c) => (c && typeof c === 'object' && 'text' in c && typeof c.text === 'string' ? c.text : '')).join('\n');
    return { id: `b${++n}`, tool, args, ok: res.isError !== true, text, ms: performance.now() - start, bytes: Buffer.byteLength(text) };
  };
  const caller: ToolCaller = {
    listTools: () => specs,
    call: async (tool, args, opts) => ({ ...(await call(tool, args)), ...(opts?.id ? { id: await opts.id } : {}) }),
    reserveIds: (count) => Array.from({ length: count }, () => `b${++n}`),
  };
  return { specs, call, caller, close: async () => { for (const c of clients.values()) await c.close(); } };
}

/** What an on-call model typically does on the demo: signatures + commits, then the suspect's diff + error rates. */
function demoTurns(): RecordedTurn[] {
  const calls = (...cs: Array<[string, Record<string, unknown>]>): RecordedTurn => ({ message: { role: 'assistant', content: '', tool_calls: cs.map(([name, args]) => ({ function: { name, arguments: args } })) } });
  const verdict = {
    summary: 'The hotfix changed the checkout DB pool and the pool is exhausted.', category: 'resource_exhaustion', service: 'checkout',
    suspect_sha: SUSPECT, confidence: 0.8, onset: '2026-02-17T14:45:00Z',
    evidence: [{ call_id: 'llm-1', detail: 'pool timeouts', quote: 'pool' }], ruled_out: [], recommendations: ['Revert the pool change'],
  };
  return [
    calls(['logs__error_signatures', {}], ['git__get_recent_commits', {}]),
    calls(['git__show_commit', { sha: SUSPECT }], ['metrics__get_error_rates', { service: 'checkout' }]),
    { message: { role: 'assistant', content: 'The pool change explains the errors.' } },
    { message: { role: 'assistant', content: JSON.stringify(verdict) }, final: true },
  ];
}

/** A model that uses every round it is given: one call per round over 8 rounds, then its verdict. */
function eightRoundTurns(): RecordedTurn[] {
  const one = (name: string, args: Record<string, unknown>): RecordedTurn => ({ message: { role: 'assistant', content: '', tool_calls: [{ function: { name, arguments: args } }] } });
  const [first, , , final] = demoTurns();
  return [
    first!,
    one('git__show_commit', { sha: SUSPECT }),
    one('metrics__get_error_rates', { service: 'checkout' }),
    one('logs__search_logs', { pattern: 'QueuePool limit', limit: 5 }),
    one('metrics__query_range', { query: 'sum(rate(http_requests_total[5m]))' }),
    one('logs__log_stats', { bucket: '10m', service: 'checkout' }),
    one('git__get_deployments', {}),
    one('docker__list_containers', {}),
    { message: { role: 'assistant', content: 'enough' } },
    final!,
  ];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prompt-tokens-'));
  try {
    const repo = join(dir, 'repo');
    execFileSync('git', ['clone', '-q', `${DEMO}/repo.bundle`, repo]);
    const servers = await startServers(repo);
    const offer = buildToolOffer(servers.specs);
    const wholeList = estimateTokens(JSON.stringify(servers.specs.map(toChatTool)));
    const rawList = estimateTokens(JSON.stringify(servers.specs.map((s) => ({ name: s.name, description: s.description, inputSchema: s.inputSchema }))));
    const offered = estimateTokens(JSON.stringify(offer.tools));
    const logBytes = readdirSync(`${DEMO}/logs`).reduce((n, f) => n + statSync(`${DEMO}/logs/${f}`).size, 0);

    // The hypotheses come from the real offline engine over the same servers, as in `rca`.
    const offline = await investigateOffline({ incident: readFileSync(`${DEMO}/incident.txt`, 'utf8').trim(), at: AT, caller: servers.caller, events: () => {} });
    const hypotheses = summarizeOfflineReport(offline);
    if (process.env.BENCH_DEBUG) console.error(hypotheses);
    console.log(`offline engine: ${offline.root_cause.suspect_change?.sha.slice(0, 8) ?? 'no suspect'} ${offline.root_cause.category}; hypotheses text ${estimateTokens(hypotheses)} tokens`);
    const focus = [offline.root_cause.category, ...(offline.hypotheses ?? []).map((h) => h.category)];
    const relevant = estimateTokens(JSON.stringify(buildToolOffer(servers.specs, relevantTools(servers.specs.filter(isOfferable), focus)).tools));
    const results: Array<{ tokens: number; reread: number; rounds: number; toolRounds: number; calls: number; rawOutputs: number }> = [];
    const scripts: Array<[string, () => RecordedTurn[]]> = [['the demo investigation (2 rounds of calls)', demoTurns], ['a model using all 8 rounds', eightRoundTurns]];
    for (const [label, script] of scripts) {
      const perRun: typeof results = [];
      for (let i = 0; i < runs; i++) {
        const provider = createScriptedProvider({ turns: script(), model: 'scripted' });
        let rawOutputs = 0;
        const call = async (tool: string, args: Record<string, unknown>) => {
          const out = await servers.call(tool, args);
          rawOutputs += estimateTokens(out.text);
          return out;
        };
        const res = await runInvestigationLoop({ provider, incident: offline.incident, hypotheses, tools: servers.specs, call, focus });
        const toolRounds = provider.requests.filter((r) => !r.format).length;
        perRun.push({ tokens: res.promptTokens, reread: res.rereadTokens, rounds: res.rounds, toolRounds, calls: res.calls.length, rawOutputs });
        if (process.env.BENCH_DEBUG && i === 0) console.error(provider.requests.map((r) => requestTokens(r)).join(' + '), res.notices);
      }
      const m = { tokens: median(perRun.map((r) => r.tokens)), reread: median(perRun.map((r) => r.reread)), rounds: perRun[0].rounds, toolRounds: perRun[0].toolRounds, calls: perRun[0].calls, rawOutputs: median(perRun.map((r) => r.rawOutputs)) };
      results.push(m);
      console.log(`${label}, default budget (${TARGET}): ${m.tokens} prompt tokens read by the server over ${m.rounds} requests (${m.toolRounds} tool rounds), ${m.calls} tool calls (median of ${runs}); target <= ${TARGET}: ${m.tokens <= TARGET ? 'met' : 'MISSED'}; reference: the same requests re-read from scratch ${m.reread} tokens`);
    }
    // A follow-up question (`rca ask`, `rca --interactive`): the stored report and its evidence, one call, the answer.
    const askTokens: number[] = [];
    let askRequests = 0;
    for (let i = 0; i < runs; i++) {
      const turns: RecordedTurn[] = [
        { message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'logs__search_logs', arguments: { pattern: 'too many clients', limit: 5 } } }] } },
        { message: { role: 'assistant', content: 'enough' } },
        { message: { role: 'assistant', content: JSON.stringify({ answer: 'Not v2.4.0.', claims: [{ statement: 'postgres refused clients', call_id: 'q-1', quote: 'too many clients' }] }) }, final: true },
      ];
      const r = await askWithModel({ provider: createScriptedProvider({ turns, model: 'scripted' }), question: 'why not v2.4.0?', report: offline, tools: servers.specs, call: servers.call });
      askTokens.push(r.promptTokens);
      askRequests = r.rounds;
    }
    const ask = median(askTokens);
    console.log(`a follow-up question (rca ask: the stored evidence, 1 call, the answer), default budget (${TARGET}): ${ask} prompt tokens over ${askRequests} requests (median of ${runs}); target <= ${TARGET}: ${ask <= TARGET ? 'met' : 'MISSED'}; reference: the demo investigation above ${results[0]!.tokens}`);
    console.log(`configured rounds reachable at the default budget: ${results[1]!.toolRounds >= 8 ? 'yes' : 'NO'} (${results[1]!.toolRounds} of 8)`);
    console.log(`tool list: the ${offer.tools.length} read-only tools ${offered} tokens per request; the subset relevant to ${offline.root_cause.category} offered ${relevant} tokens`);
    console.log(`reference (same run): all ${servers.specs.length} tools as sent to Ollama ${wholeList} tokens`);
    console.log(`reference (same run): the tool list as the servers describe it ${rawList} tokens; the raw tool outputs of one investigation ${results[0].rawOutputs} tokens; the demo's log files ${Math.ceil(logBytes / 4)} tokens`);
    await servers.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
