import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewReport, Store } from '../store.js';
import { openSqliteStore } from './sqlite-store.js';

let dir: string;
let path: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sousveil-reports-'));
  path = join(dir, 'reports.db');
  store = openSqliteStore(path);
});
afterEach(async () => {
  await store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const photoBytes = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 1, 2, 3, 0xff, 0xd9]);
const report = (id: string, withPhoto: boolean): NewReport => ({
  id,
  day: '2026-11-30',
  lat: 44.81705,
  lon: 20.4569,
  fields: {
    type: 'camera',
    cameraType: 'dome',
    direction: 90,
    brand: 'Huawei',
    note: 'on the pole',
  },
  ...(withPhoto
    ? {
        photo: {
          info: {
            type: 'image/jpeg',
            width: 4,
            height: 3,
            bytes: 9,
            sha256: 'ab'.repeat(32),
            redactions: 1,
          },
          bytes: photoBytes,
        },
      }
    : {}),
});

describe('sqlite reports', () => {
  it('keeps reports and their photos across a reopen, oldest first', async () => {
    await store.reports.add(report('r-one', true));
    await store.reports.add(report('r-two', false));
    await store.close();
    store = openSqliteStore(path);
    expect((await store.reports.list()).map((r) => r.id)).toEqual(['r-one', 'r-two']);
    expect(await store.reports.get('r-one')).toEqual({
      id: 'r-one',
      day: '2026-11-30',
      lat: 44.81705,
      lon: 20.4569,
      status: 'new',
      fields: report('r-one', false).fields,
      photo: report('r-one', true).photo?.info,
    });
    expect(await store.reports.get('r-two')).not.toHaveProperty('photo');
    expect(await store.reports.photo('r-one')).toEqual({ type: 'image/jpeg', bytes: photoBytes });
    expect(await store.reports.photo('r-two')).toBeUndefined();
    expect(await store.reports.get('nope')).toBeUndefined();
    expect([
      await store.reports.count(),
      await store.reports.count('new'),
      await store.reports.count('accepted'),
    ]).toEqual([2, 2, 0]);
    expect(await store.reports.list({ status: 'accepted' })).toEqual([]);
  });

  it('moves the reports area of the change counters, and refuses a second report with one id', async () => {
    const before = await store.changes();
    await store.reports.add(report('r-one', false));
    const after = await store.changes();
    expect(after.areas.reports).toBe(before.areas.reports + 1);
    expect(after.areas.scans).toBe(before.areas.scans);
    await expect(store.reports.add(report('r-one', false))).rejects.toThrow();
    expect(await store.reports.count()).toBe(1);
  });
});
