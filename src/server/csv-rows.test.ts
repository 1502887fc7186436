// Every `format=csv` answer of the API: lists of countries, projects and vendors (rowsToCsv) and a
// scan's hosts (the scan CSV), with formula text in the records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAtlas } from '../atlas/atlas-store.js';
import { miniAtlas } from '../atlas/testdata/mini.js';
import { loadKb } from '../kb/index.js';
import { saveRun } from '../netaudit/runs.js';
import { parseCsv } from '../shared/csv.js';
import { hostileCells, isInert } from '../shared/testdata/hostile-cells.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { apiContext } from './context.js';
import { rowsToCsv } from './csv-rows.js';
import { startObservatory, type Observatory } from './http-server.js';
import { call } from './test-client.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-csv-'));
let store: Store;
let obs: Observatory;
let scanId = 0;
const [link, dde, sum, arithmetic] = hostileCells;

beforeAll(async () => {
  const { kb } = await loadKb();
  store = openSqliteStore(join(dir, 'csv.db'));
  const atlas = miniAtlas();
  atlas.projects[0]!.name = link;
  atlas.countries[0]!.name = dde;
  await saveAtlas(store, atlas);
  scanId = await saveRun(
    store,
    {
      kind: 'import',
      startedAt: '2026-11-28T00:00:00Z',
      finishedAt: '2026-11-28T00:00:01Z',
      params: {},
    },
    [
      {
        address: '192.0.2.10',
        model: sum,
        firmware: arithmetic,
        score: 0,
        covered: false,
        restrictions: [],
        advisories: [],
        advisoryDetails: [],
        conflicts: [],
        openPorts: [],
        evidence: [],
      },
    ],
  );
  obs = await startObservatory({
    context: await apiContext(kb, store),
    host: '127.0.0.1',
    port: 0,
  });
});
afterAll(async () => {
  await obs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function csvCells(path: string): Promise<string[]> {
  const r = await call(obs.url, path);
  expect(r.status).toBe(200);
  return parseCsv(r.body.toString('utf8'), ',').records.flatMap((x) => x.fields);
}

describe('CSV answers of the API', () => {
  it.each(hostileCells)('rowsToCsv writes %j as inert text', (text) => {
    const cells = parseCsv(rowsToCsv([{ a: text, b: [text, 'x'] }], ['a', 'b']), ',').records[1]!
      .fields;
    expect(cells[0]).toBe(`'${text}`);
    for (const c of cells) expect(isInert(c), c).toBe(true);
  });

  it.each([
    ['/api/v1/countries?format=csv', dde],
    ['/api/v1/projects?format=csv', link],
    ['/api/v1/vendors?format=csv', undefined],
  ])('%s: every cell inert', async (path, text) => {
    const cells = await csvCells(path);
    for (const c of cells) expect(isInert(c), c).toBe(true);
    if (text !== undefined) expect(cells).toContain(`'${text}`);
  });

  it("a scan's hosts as CSV: every cell inert", async () => {
    const cells = await csvCells(`/api/v1/scans/${scanId}/hosts?format=csv`);
    for (const c of cells) expect(isInert(c), c).toBe(true);
    expect(cells).toContain(`'${sum}`);
    expect(cells).toContain(`'${arithmetic}`);
  });
});
