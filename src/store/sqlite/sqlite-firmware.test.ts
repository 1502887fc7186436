import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NewFirmwareScan } from '../store.js';
import { sqliteMigrations } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-firmware-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scan = (version: string, maker: string, models: string[]): NewFirmwareScan => ({
  scannedAt: '2026-11-30T10:00:00.000Z',
  file: `fw-${version}.bin`,
  sha256: 'ab'.repeat(32),
  container: 'dahua-zip',
  maker,
  version,
  affectedCount: 1,
  kevCount: 1,
  indicatorCount: 0,
  componentCount: 2,
  models,
  report: { version },
});

describe('firmware audits in SQLite', () => {
  it('saves, lists by maker and by model, survives a reopen, deletes with its model rows', async () => {
    const path = join(dir, 'fw.db');
    let store = openSqliteStore(path);
    const before = await store.changes();
    const first = await store.firmware.save(scan('V2.800.1', 'dahua', ['IPC-HFW3441T-ZAS']));
    await store.firmware.save(scan('V5.5.160', 'hikvision', ['DS-2CD2143G0-I']));
    expect((await store.changes()).areas.firmware).toBe(before.areas.firmware + 2);
    await store.close();
    store = openSqliteStore(path);
    expect((await store.firmware.list()).map((s) => s.version)).toEqual(['V5.5.160', 'V2.800.1']);
    expect((await store.firmware.list({ maker: 'dahua' })).map((s) => s.id)).toEqual([first.id]);
    expect((await store.firmware.list({ model: 'DS-2CD2143G0-I' })).map((s) => s.maker)).toEqual([
      'hikvision',
    ]);
    expect(await store.firmware.get(first.id)).toEqual({
      summary: first,
      report: { version: 'V2.800.1' },
    });
    expect(await store.firmware.delete(first.id)).toBe(true);
    expect(await store.firmware.list({ model: 'IPC-HFW3441T-ZAS' })).toEqual([]);
    await store.close();
  });

  it('adds migration 6 to a store made before it', async () => {
    const path = join(dir, 'old.db');
    let store = openSqliteStore(path, {
      migrations: sqliteMigrations.filter((m) => m.version !== 6),
    });
    expect(await store.migrations()).not.toContain(6);
    await store.close();
    store = openSqliteStore(path);
    expect(await store.migrations()).toContain(6);
    await store.firmware.save(scan('V1', 'dahua', []));
    expect(await store.firmware.list()).toHaveLength(1);
    await store.close();
  });
});
