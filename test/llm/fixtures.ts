// Loads the recorded turns under fixtures/turns/ for the llm tests, so each test names a fixture
// by its file name and the JSONL is validated on the way in.
import { fileURLToPath } from 'node:url';
import { loadTurnsFile, type RecordedTurn } from '../../src/llm/scripted-provider.js';

export const TURNS_DIR = fileURLToPath(new URL('../../fixtures/turns/', import.meta.url));

export function turns(name: string): RecordedTurn[] {
  return loadTurnsFile(`${TURNS_DIR}${name}.jsonl`);
}
