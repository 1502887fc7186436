// The store contract's cases for firmware audits, citizen reports with their photos and
// decisions, and moderators' accounts (see store-contract.ts).
import { expect, it } from 'vitest';
import type { NewFirmwareScan, NewReport, Store } from './store.js';

const firmware = (file: string, maker: string | undefined, models: string[]): NewFirmwareScan => ({
  scannedAt: '2026-11-30T10:00:00Z',
  file,
  sha256: `${file}-hash`,
  container: 'squashfs',
  ...(maker === undefined ? {} : { maker, brand: maker.toUpperCase(), version: 'V5.7.3' }),
  affectedCount: 2,
  kevCount: 1,
  indicatorCount: 0,
  componentCount: 14,
  models,
  report: { file, models },
});

const report = (id: string, photo?: Uint8Array): NewReport => ({
  id,
  day: '2026-11-29',
  lat: 44.81234,
  lon: 20.46123,
  fields: { type: 'camera', cameraType: 'dome', direction: 90, note: `seen ${id}` },
  ...(photo === undefined
    ? {}
    : {
        photo: {
          info: {
            type: 'image/jpeg',
            width: 4,
            height: 3,
            bytes: photo.byteLength,
            sha256: 'ab'.repeat(32),
            redactions: 1,
          },
          bytes: photo,
        },
      }),
});

/** Registers the firmware, report and moderator cases on `withStore`. */
export function reportCases(withStore: (fn: (s: Store) => Promise<void>) => () => Promise<void>) {
  it(
    'firmware: saved with their models, listed newest first by maker or model, read, deleted',
    withStore(async (s) => {
      const a = await s.firmware.save(firmware('a.bin', 'hikvision', ['DS-2CD2143G0-I', 'DS-1']));
      const b = await s.firmware.save(firmware('b.bin', undefined, ['DS-1', 'DS-1']));
      expect(b.id).toBeGreaterThan(a.id);
      expect((await s.firmware.list()).map((x) => x.id)).toEqual([b.id, a.id]);
      expect(await s.firmware.list({ maker: 'hikvision' })).toEqual([
        {
          id: a.id,
          scannedAt: '2026-11-30T10:00:00Z',
          file: 'a.bin',
          sha256: 'a.bin-hash',
          container: 'squashfs',
          maker: 'hikvision',
          brand: 'HIKVISION',
          version: 'V5.7.3',
          affectedCount: 2,
          kevCount: 1,
          indicatorCount: 0,
          componentCount: 14,
        },
      ]);
      expect((await s.firmware.list({ model: 'DS-1' })).map((x) => x.id)).toEqual([b.id, a.id]);
      expect((await s.firmware.list({ beforeId: b.id, limit: 1 })).map((x) => x.id)).toEqual([
        a.id,
      ]);
      expect((await s.firmware.get(b.id))?.report).toEqual({
        file: 'b.bin',
        models: ['DS-1', 'DS-1'],
      });
      expect((await s.firmware.get(b.id))?.summary.maker).toBeUndefined();
      expect(await s.firmware.get(b.id + 100)).toBeUndefined();
      const before = (await s.changes()).areas.firmware;
      expect(await s.firmware.delete(a.id)).toBe(true);
      expect(await s.firmware.delete(a.id)).toBe(false);
      expect(await s.firmware.list({ model: 'DS-2CD2143G0-I' })).toEqual([]);
      expect((await s.changes()).areas.firmware).toBeGreaterThan(before);
    }),
  );

  it(
    'reports: kept without the reporter, photos byte for byte, a queue by status, decisions logged',
    withStore(async (s) => {
      const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x01, 0xfe, 0xff, 0xd9]);
      await s.reports.add(report('r-1', jpeg));
      await s.reports.add(report('r-2'));
      await s.reports.add(report('r-3'));
      await expect(s.reports.add(report('r-1'))).rejects.toThrow();
      expect(await s.reports.get('r-1')).toEqual({
        id: 'r-1',
        day: '2026-11-29',
        lat: 44.81234,
        lon: 20.46123,
        status: 'new',
        fields: { type: 'camera', cameraType: 'dome', direction: 90, note: 'seen r-1' },
        photo: {
          type: 'image/jpeg',
          width: 4,
          height: 3,
          bytes: 8,
          sha256: 'ab'.repeat(32),
          redactions: 1,
        },
      });
      expect(await s.reports.get('r-9')).toBeUndefined();
      const photo = await s.reports.photo('r-1');
      expect(photo?.type).toBe('image/jpeg');
      expect([...(photo?.bytes ?? [])]).toEqual([...jpeg]);
      expect(await s.reports.photo('r-2')).toBeUndefined();
      expect((await s.reports.list({ status: 'new' })).map((r) => r.id)).toEqual([
        'r-1',
        'r-2',
        'r-3',
      ]);
      expect((await s.reports.list({ limit: 2 })).map((r) => r.id)).toEqual(['r-1', 'r-2']);
      const at = '2026-11-30T09:00:00.000Z';
      expect(
        await s.reports.decide({
          reportId: 'r-2',
          moderator: 'ana',
          decision: 'accept',
          reason: 'clear photo',
          at,
        }),
      ).toBe(true);
      expect(
        await s.reports.decide({
          reportId: 'r-2',
          moderator: 'bo',
          decision: 'reject',
          reason: 'duplicate',
          at,
        }),
      ).toBe(true);
      expect(
        await s.reports.decide({
          reportId: 'r-9',
          moderator: 'bo',
          decision: 'reject',
          reason: 'x',
          at,
        }),
      ).toBe(false);
      expect((await s.reports.get('r-2'))?.status).toBe('rejected');
      expect(await s.reports.decisions('r-2')).toEqual([
        { reportId: 'r-2', moderator: 'ana', decision: 'accept', reason: 'clear photo', at },
        { reportId: 'r-2', moderator: 'bo', decision: 'reject', reason: 'duplicate', at },
      ]);
      expect(await s.reports.decisions('r-9')).toEqual([]);
      expect((await s.reports.list({ status: 'new' })).map((r) => r.id)).toEqual(['r-1', 'r-3']);
      expect(await s.reports.count()).toBe(3);
      expect(await s.reports.count('rejected')).toBe(1);
      expect(await s.reports.count('accepted')).toBe(0);
    }),
  );

  it(
    'moderators: added once by name, listed without hashes, login failures and locks kept',
    withStore(async (s) => {
      const ana = {
        name: 'ana',
        role: 'admin' as const,
        passwordHash: 'scrypt$a',
        createdDay: '2026-11-01',
      };
      expect(await s.moderators.add(ana)).toBe(true);
      expect(await s.moderators.add({ ...ana, role: 'moderator', passwordHash: 'scrypt$x' })).toBe(
        false,
      );
      expect(
        await s.moderators.add({
          name: 'bo',
          role: 'moderator',
          passwordHash: 'scrypt$b',
          createdDay: '2026-11-02',
        }),
      ).toBe(true);
      expect(await s.moderators.get('ana')).toEqual({ ...ana, failedLogins: 0 });
      expect(await s.moderators.get('nobody')).toBeUndefined();
      await s.moderators.setLoginState('bo', 5, '2026-11-30T10:15:00.000Z');
      expect(await s.moderators.list()).toEqual([
        { name: 'ana', role: 'admin', failedLogins: 0, createdDay: '2026-11-01' },
        {
          name: 'bo',
          role: 'moderator',
          failedLogins: 5,
          lockedUntil: '2026-11-30T10:15:00.000Z',
          createdDay: '2026-11-02',
        },
      ]);
      await s.moderators.setLoginState('bo', 0);
      expect((await s.moderators.get('bo'))?.lockedUntil).toBeUndefined();
    }),
  );
}
