// The store contract's cases for sites, enrollment codes, agents and their uploads (see
// store-contract.ts): codes and upload ids used once even when two callers race.
import { expect, it } from 'vitest';
import type { Store } from './store.js';

const hash = (c: string): string => c.repeat(64).slice(0, 64);

/** Registers the sites cases on `withStore`. */
export function siteCases(withStore: (fn: (s: Store) => Promise<void>) => () => Promise<void>) {
  it(
    'sites: added once by name, listed by name; a code enrolls one agent, once, before it expires',
    withStore(async (s) => {
      const before = (await s.changes()).areas.sites;
      const lab = await s.sites.add({
        name: 'lab',
        ranges: ['10.1.0.0/16', 'fd00::/8'],
        createdAt: '2026-11-30T10:00:00.000Z',
      });
      expect(lab).toMatchObject({ name: 'lab', ranges: ['10.1.0.0/16', 'fd00::/8'] });
      expect((await s.changes()).areas.sites).toBeGreaterThan(before);
      expect(await s.sites.add({ name: 'lab', ranges: [], createdAt: 'x' })).toBeUndefined();
      await s.sites.add({ name: 'branch', ranges: ['10.2.0.0/24'], createdAt: 'y' });
      expect((await s.sites.list()).map((x) => x.name)).toEqual(['branch', 'lab']);
      expect(await s.sites.get('lab')).toEqual(lab);
      expect(await s.sites.get('nowhere')).toBeUndefined();
      if (lab === undefined) return;
      await s.sites.addCode(lab.id, hash('a'), '2026-12-01T10:00:00.000Z');
      await s.sites.addCode(lab.id, hash('b'), '2026-11-30T11:00:00.000Z');
      const now = '2026-11-30T10:30:00.000Z';
      const racing = await Promise.all([
        s.sites.enroll(hash('a'), now, { name: 'one', tokenSha256: hash('1') }),
        s.sites.enroll(hash('a'), now, { name: 'two', tokenSha256: hash('2') }),
      ]);
      expect(racing.filter((r) => r !== undefined)).toHaveLength(1);
      const enrolled = racing.find((r) => r !== undefined);
      expect(enrolled?.site).toEqual(lab);
      expect(enrolled?.agent).toMatchObject({ siteId: lab.id, enrolledAt: now, lastSeenAt: now });
      expect(await s.sites.agents()).toHaveLength(1);
      // Unknown, then expired.
      expect(await s.sites.enroll(hash('c'), now, { name: 'x', tokenSha256: hash('3') })).toBe(
        undefined,
      );
      const late = '2026-11-30T11:00:00.001Z';
      expect(await s.sites.enroll(hash('b'), late, { name: 'x', tokenSha256: hash('3') })).toBe(
        undefined,
      );
      const token = enrolled?.agent.name === 'one' ? hash('1') : hash('2');
      expect(await s.sites.agentByToken(token)).toEqual(enrolled);
      expect(await s.sites.agentByToken(hash('9'))).toBeUndefined();
    }),
  );

  it(
    'agents: seen with their schedule, revoked once; uploads saved once per id, newest first',
    withStore(async (s) => {
      const site = await s.sites.add({ name: 'lab', ranges: ['10.1.0.0/16'], createdAt: 't' });
      if (site === undefined) throw new Error('no site');
      await s.sites.addCode(site.id, hash('a'), '2099-01-01T00:00:00.000Z');
      const e = await s.sites.enroll(hash('a'), '2026-11-30T10:00:00.000Z', {
        name: 'cam-net',
        tokenSha256: hash('1'),
      });
      if (e === undefined) throw new Error('not enrolled');
      await s.sites.seen(e.agent.id, '2026-11-30T11:00:00.000Z', 3600);
      expect(await s.sites.agents(site.id)).toEqual([
        { ...e.agent, lastSeenAt: '2026-11-30T11:00:00.000Z', every: 3600 },
      ]);
      expect(await s.sites.agents(site.id + 100)).toEqual([]);
      const scans = await Promise.all(
        [1, 2].map((n) =>
          s.scans.create({ kind: 'import', startedAt: `2026-11-30T1${n}`, params: {} }),
        ),
      );
      const upload = (uploadId: string, scanId: number) => ({
        agentId: e.agent.id,
        uploadId,
        scanId,
        receivedAt: '2026-11-30T12:00:00.000Z',
        result: { id: scanId, hosts: 2 },
      });
      const [a, b] = scans.map((x) => x.id);
      if (a === undefined || b === undefined) throw new Error('no scans');
      const racing = await Promise.all([
        s.sites.saveUpload(upload('upload-one', a)),
        s.sites.saveUpload(upload('upload-one', b)),
      ]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      const first = await s.sites.upload(e.agent.id, 'upload-one');
      expect(first?.result).toEqual({ id: first?.scanId, hosts: 2 });
      const changes = { since: a, appeared: 1, disappeared: 0, changed: 2 };
      expect(await s.sites.saveUpload({ ...upload('upload-two', b), changes })).toBe(true);
      expect((await s.sites.uploads(site.id, 10)).map((u) => u.uploadId)).toEqual([
        'upload-two',
        'upload-one',
      ]);
      expect((await s.sites.uploads(site.id, 1))[0]?.changes).toEqual(changes);
      // A deleted scan leaves its upload id known, out of the site's list.
      await s.scans.delete(b);
      expect((await s.sites.upload(e.agent.id, 'upload-two'))?.scanId).toBeUndefined();
      expect(await s.sites.uploads(site.id, 10)).toHaveLength(first?.scanId === b ? 0 : 1);
      expect(await s.sites.revoke(e.agent.id, '2026-11-30T13:00:00.000Z')).toBe(true);
      expect(await s.sites.revoke(e.agent.id, '2026-11-30T14:00:00.000Z')).toBe(true);
      expect(await s.sites.revoke(e.agent.id + 100, 'x')).toBe(false);
      expect((await s.sites.agentByToken(hash('1')))?.agent.revokedAt).toBe(
        '2026-11-30T13:00:00.000Z',
      );
    }),
  );
}
