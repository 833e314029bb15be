// Test helper: a small repository that tells a release story with known shas and dates (three releases,
// a hotfix that changes a pool size, one commit after the report moment), for the tool tests.
import { createRepo, type TestRepo } from './git-fixture.js';

export const AT = '2026-02-17T15:00:00Z';
export const BOB = { name: 'Bob Johnson', email: 'bob.johnson@company.com' };
export const JOHN = { name: 'John Doe', email: 'john.doe@company.com' };
export const PRIYA = { name: 'Priya Patel', email: 'priya.patel@company.com' };

const dbYaml = (pool: number) => `default:\n  host: postgres\n  pool_size: ${pool}\n  max_overflow: 0\n  pool_timeout: 30\n`;

export interface ReleaseRepo {
  repo: TestRepo;
  sha: { initial: string; filters: string; docs: string; giftCards: string; hotfix: string; late: string };
}

export async function createReleaseRepo(): Promise<ReleaseRepo> {
  const repo = await createRepo();
  const initial = await repo.commit({
    message: 'Initial service',
    date: '2026-02-16T09:00:00Z',
    files: { 'config/database.yaml': dbYaml(30), 'src/app.py': 'print("hello")\n', 'README.md': '# svc\n' },
  });
  await repo.tag('v1.0.0', { date: '2026-02-16T10:00:00Z', message: 'Deploy v1.0.0' });
  const filters = await repo.commit({
    message: 'Add product filters',
    date: '2026-02-17T10:00:00Z',
    author: JOHN,
    files: { 'src/api/products.py': 'def list_products(category=None):\n    return []\n' },
  });
  const docs = await repo.commit({
    message: 'docs: runbook',
    date: '2026-02-17T11:30:00+01:00',
    author: PRIYA,
    files: { 'docs/runbook.md': '# Runbook\n\nCheck the pool.\n' },
  });
  await repo.tag('v1.1.0', { date: '2026-02-17T11:40:00Z', message: 'Deploy v1.1.0' });
  const giftCards = await repo.commit({
    message: 'Add gift card balance endpoint',
    date: '2026-02-17T14:05:00Z',
    author: PRIYA,
    files: { 'src/api/gift_cards.py': 'def balance(code):\n    return {"code": code[-4:]}\n', 'tests/test_gift_cards.py': 'def test_x():\n    assert True\n' },
  });
  const hotfix = await repo.commit({
    message: 'HOTFIX: Increase default connection pool from 30 to 35\n\nPool waits at lunch peak.',
    date: '2026-02-17T09:15:00-05:00',
    author: BOB,
    files: { 'config/database.yaml': dbYaml(35) },
  });
  await repo.tag('v1.1.1', { date: '2026-02-17T14:25:00Z', message: 'Deploy v1.1.1\n\nPipeline #4312' });
  const late = await repo.commit({ message: 'After the report', date: '2026-02-17T16:00:00Z', files: { 'README.md': '# svc\n\nMore.\n' } });
  await repo.tag('v1.2.0-rc1', {});
  return { repo, sha: { initial, filters, docs, giftCards, hotfix, late } };
}
