import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewAppScan } from '../store.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-apps-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const scan = (versionName: string, sdkIds: string[]): NewAppScan => ({
  scannedAt: '2026-11-30T10:00:00.000Z',
  file: `reader-${versionName}.apk`,
  sha256: 'ab'.repeat(32),
  package: 'org.example.reader',
  versionName,
  sdkCount: sdkIds.length,
  prcSdkCount: sdkIds.length,
  sdkIds,
  report: { versionName, sdks: sdkIds },
});

describe('app audits in SQLite', () => {
  it('saves, lists by package and by SDK, survives a reopen, deletes with its SDK rows', async () => {
    const path = join(dir, 'apps.db');
    let store = openSqliteStore(path);
    const before = await store.changes();
    const first = await store.apps.save(scan('1.0', ['umeng-analytics']));
    await store.apps.save(scan('2.0', ['umeng-analytics', 'jpush']));
    expect((await store.changes()).areas.apps).toBe(before.areas.apps + 2);
    await store.close();
    store = openSqliteStore(path);
    expect((await store.apps.list()).map((s) => s.versionName)).toEqual(['2.0', '1.0']);
    expect((await store.apps.list({ sdk: 'jpush' })).map((s) => s.versionName)).toEqual(['2.0']);
    expect(await store.apps.list({ package: 'org.example.other' })).toEqual([]);
    expect(await store.apps.get(first.id)).toEqual({
      summary: { ...first },
      report: { versionName: '1.0', sdks: ['umeng-analytics'] },
    });
    expect(await store.apps.sdkCounts()).toEqual(
      new Map([
        ['jpush', 1],
        ['umeng-analytics', 2],
      ]),
    );
    expect((await store.apps.list({ sha256: 'ab'.repeat(32), limit: 1 })).map((s) => s.id)).toEqual(
      [first.id + 1],
    );
    expect(await store.apps.list({ sha256: 'cd'.repeat(32) })).toEqual([]);
    expect(await store.apps.delete(first.id)).toBe(true);
    expect((await store.apps.sdkCounts()).get('umeng-analytics')).toBe(1);
    expect(await store.apps.list({ sdk: 'umeng-analytics' })).toHaveLength(1);
    expect(await store.apps.get(first.id)).toBeUndefined();
    await store.close();
  });
});
