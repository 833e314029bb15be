// Runs a candidate from the review screen (after the reviewer confirmed): non-interactive, mutating steps
// allowed, recorded in the history under the candidate's version like any other run.
import { resolveRunbook } from '../../runbook/catalog.js';
import { executeRunbook } from '../../runbook/executor.js';
import { resolveParams } from '../../runbook/params.js';
import { saveExecution, versionSource, type Db } from '../../store/index.js';
import { type ExecutionResult } from '../../runbook/execution-result.js';
import { lazyHub, serversUsed } from './runbook-exec-tools.js';

export async function runCandidate(db: Db, label: string, params: Record<string, string>, signal?: AbortSignal): Promise<ExecutionResult> {
  const resolved = resolveRunbook(versionSource(db), label);
  const values = resolveParams(resolved.runbook, params);
  const hub = serversUsed(resolved.runbook).length ? lazyHub(resolved.runbook, {}, true) : null;
  try {
    return await executeRunbook({
      runbook: resolved.runbook, version: resolved.version.version, params: values, yes: true, signal,
      tools: hub?.get, record: (r) => saveExecution(db, r),
    });
  } finally {
    await hub?.close();
  }
}
