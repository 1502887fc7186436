import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewReport, Store } from '../store.js';
import { sqliteMigrations } from './migrations.js';
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

  it('merges a report into a camera or another report, and the map lists accepted reports only', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await store.reports.add(report(id, id === 'a'));
    const at = '2026-12-02T09:30:00.000Z';
    const decide = (reportId: string, decision: 'accept' | 'reject' | 'merge', into?: string) =>
      store.reports.decide({
        reportId,
        moderator: 'ana',
        decision,
        reason: `${decision} ${reportId}`,
        at,
        ...(into === undefined
          ? {}
          : { mergedInto: { kind: into.startsWith('n') ? 'camera' : 'report', id: into } }),
      });
    expect(await decide('a', 'accept')).toBe(true);
    expect(await decide('b', 'merge', 'a')).toBe(true);
    expect(await decide('c', 'merge', 'n123')).toBe(true);
    // d was merged into a, then a moderator changed their mind: only its latest decision counts.
    expect(await decide('d', 'merge', 'a')).toBe(true);
    expect(await decide('d', 'accept')).toBe(true);
    expect(await decide('e', 'reject')).toBe(true);
    expect((await store.reports.get('b'))?.status).toBe('merged');
    expect(await store.reports.decisions('c')).toEqual([
      {
        reportId: 'c',
        moderator: 'ana',
        decision: 'merge',
        reason: 'merge c',
        at,
        mergedInto: { kind: 'camera', id: 'n123' },
      },
    ]);
    expect(await store.reports.count('merged')).toBe(2);
    const world = { west: -180, south: -90, east: 180, north: 90 };
    const shown = await store.reports.accepted(world, 10);
    expect(shown.map((r) => [r.id, r.merged, r.acceptedDay])).toEqual([
      ['a', 1, '2026-12-02'],
      ['d', 0, '2026-12-02'],
    ]);
    // What the public sees holds no note (free text may say who wrote it) and no photo.
    expect(shown[0]).toEqual({
      id: 'a',
      day: '2026-11-30',
      lat: 44.81705,
      lon: 20.4569,
      fields: { type: 'camera', cameraType: 'dome', direction: 90, brand: 'Huawei' },
      acceptedDay: '2026-12-02',
      merged: 1,
    });
    expect(
      await store.reports.accepted({ west: 20.46, south: 44, east: 21, north: 45 }, 10),
    ).toEqual([]);
    expect(await store.reports.accepted(world, 1)).toHaveLength(1);
  });

  it('migration 13 keeps the reports, photos and decisions made before it', async () => {
    await store.close();
    rmSync(path);
    store = openSqliteStore(path, { migrations: sqliteMigrations.filter((m) => m.version < 13) });
    await store.reports.add(report('old', true));
    await store.close();
    // A decision as the code before migration 13 wrote it.
    const before = new Database(path);
    before.prepare("UPDATE reports SET status = 'accepted' WHERE id = 'old'").run();
    before
      .prepare(
        "INSERT INTO report_decisions (report_id, moderator, decision, reason, at) VALUES ('old', 'ana', 'accept', 'seen it', '2026-11-30T10:00:00.000Z')",
      )
      .run();
    before.close();
    store = openSqliteStore(path);
    expect(await store.migrations()).toContain(13);
    expect((await store.reports.get('old'))?.status).toBe('accepted');
    expect(await store.reports.photo('old')).toEqual({ type: 'image/jpeg', bytes: photoBytes });
    expect((await store.reports.decisions('old')).map((d) => d.reason)).toEqual(['seen it']);
    await store.reports.add(report('new', false));
    expect(
      await store.reports.decide({
        reportId: 'new',
        moderator: 'ana',
        decision: 'merge',
        reason: 'same pole',
        at: '2026-11-30T11:00:00.000Z',
        mergedInto: { kind: 'report', id: 'old' },
      }),
    ).toBe(true);
    // Deleting a report still takes its photo and decisions with it (the references were kept).
    await store.reports.add(report('gone', true));
    const raw = new Database(path);
    raw.pragma('foreign_keys = ON');
    raw.prepare("DELETE FROM reports WHERE id = 'gone'").run();
    expect(raw.prepare('SELECT count(*) FROM report_photos').pluck().get()).toBe(1);
    expect(raw.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    raw.close();
  });
});
