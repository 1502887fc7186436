// One contract for every store backend: the same cases run against SQLite (`npm test`) and
// PostgreSQL (`npm run test:system`), on real databases, no mocks. A backend passes when what it
// gives back is what the interface promises, whatever its SQL.
import { describe, expect, it } from 'vitest';
import { cameraCases } from './store-contract-cameras.js';
import { reportCases } from './store-contract-reports.js';
import { siteCases } from './store-contract-sites.js';
import type { Store } from './store.js';

/** The store the contract covers: all of it, on every backend. */
export type ContractStore = Store;

/** Registers the contract's cases; `open` gives a fresh, empty store for each case. */
export function describeStoreContract(name: string, open: () => Promise<ContractStore>): void {
  const withStore = (fn: (s: ContractStore) => Promise<void>) => async () => {
    const store = await open();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };
  const restrictions = [{ restriction: 'us-fcc-covered-list', short: 'FCC Covered List' }];
  const verdictOf = (address: string) => ({
    address,
    restrictions,
    evidence: [{ probe: 'csv', seen: 'DS-2CD2143G0-I', fingerprint: 'hik-model-code' }],
  });
  const host = (address: string, maker: string | undefined, covered: boolean) => ({
    address,
    ...(maker === undefined ? {} : { maker }),
    covered,
    confidence: 'likely',
    verdict: verdictOf(address),
  });

  describe(`store contract: ${name}`, () => {
    cameraCases(withStore);
    reportCases(withStore);
    siteCases(withStore);

    it(
      'scans: created, filled, finished, listed newest first, hosts by address and filter',
      withStore(async (s) => {
        const a = await s.scans.create({ kind: 'scan', startedAt: '2026-11-01', params: { t: 1 } });
        const b = await s.scans.create({ kind: 'import', startedAt: '2026-11-02', params: [] });
        await s.scans.addHosts(a.id, [
          host('10.0.0.10', 'hikvision', true),
          host('10.0.0.9', 'axis', false),
          host('10.0.0.2', undefined, false),
        ]);
        // The same address again replaces the host.
        await s.scans.addHosts(a.id, [host('10.0.0.9', 'dahua', true)]);
        await s.scans.finish(a.id, '2026-11-01T01:00', { hosts: 3 });
        expect((await s.scans.list()).map((x) => x.id)).toEqual([b.id, a.id]);
        expect(await s.scans.list({ beforeId: b.id, limit: 5 })).toEqual([
          {
            id: a.id,
            kind: 'scan',
            startedAt: '2026-11-01',
            finishedAt: '2026-11-01T01:00',
            params: { t: 1 },
            summary: { hosts: 3 },
            hostCount: 3,
          },
        ]);
        expect(await s.scans.get(b.id)).toMatchObject({ kind: 'import', hostCount: 0 });
        expect(await s.scans.get(b.id + 1000)).toBeUndefined();
        const hosts = await s.scans.hosts(a.id);
        // Byte order of the address text, as every backend sorts it.
        expect(hosts.map((h) => h.address)).toEqual(['10.0.0.10', '10.0.0.2', '10.0.0.9']);
        expect(hosts[2]).toEqual(host('10.0.0.9', 'dahua', true));
        expect(hosts[1]).toEqual(host('10.0.0.2', undefined, false));
        expect((await s.scans.hosts(a.id, { covered: true })).map((h) => h.address)).toEqual([
          '10.0.0.10',
          '10.0.0.9',
        ]);
        expect((await s.scans.hosts(a.id, { maker: 'dahua' })).map((h) => h.address)).toEqual([
          '10.0.0.9',
        ]);
      }),
    );

    it(
      'scans: packed hosts with their parts read back whole; delete and prune take hosts along',
      withStore(async (s) => {
        const scan = await s.scans.create({ kind: 'import', startedAt: '2026-10-01', params: {} });
        const part = JSON.stringify(restrictions);
        await s.scans.addPackedHosts(
          scan.id,
          [
            {
              address: '10.0.0.1',
              covered: true,
              verdictJson: `{"address":"10.0.0.1","restrictions":{"$part":7}}`,
            },
          ],
          [[7, part]],
        );
        expect((await s.scans.hosts(scan.id))[0]?.verdict).toEqual({
          address: '10.0.0.1',
          restrictions,
        });
        const later = await s.scans.create({ kind: 'scan', startedAt: '2026-11-05', params: {} });
        await s.scans.addHosts(later.id, [host('10.0.0.1', 'axis', false)]);
        expect(await s.scans.prune({ startedBefore: '2026-11-01' })).toBe(1);
        expect(await s.scans.get(scan.id)).toBeUndefined();
        expect(await s.scans.prune({ keepScans: 1 })).toBe(0);
        expect(await s.scans.delete(later.id)).toBe(true);
        expect(await s.scans.delete(later.id)).toBe(false);
        expect(await s.scans.hosts(later.id)).toEqual([]);
      }),
    );

    it(
      'records: put replaces by kind and id, listed by id, counted and deleted',
      withStore(async (s) => {
        await s.records.put([
          { kind: 'project', id: 'b', data: { n: 1 }, sources: ['s1'] },
          { kind: 'project', id: 'a', data: { n: 2 }, sources: [] },
          { kind: 'claim', id: 'a', data: null, sources: ['s2', 's3'] },
        ]);
        await s.records.put([{ kind: 'project', id: 'b', data: { n: 3 }, sources: ['s4'] }]);
        expect(await s.records.get('project', 'b')).toEqual({
          kind: 'project',
          id: 'b',
          data: { n: 3 },
          sources: ['s4'],
        });
        expect(await s.records.get('project', 'zz')).toBeUndefined();
        expect((await s.records.list('project')).map((r) => r.id)).toEqual(['a', 'b']);
        expect((await s.records.list('project', { limit: 1, offset: 1 })).map((r) => r.id)).toEqual(
          ['b'],
        );
        expect(await s.records.count()).toBe(3);
        expect(await s.records.count('claim')).toBe(1);
        expect(await s.records.delete('claim', 'a')).toBe(true);
        expect(await s.records.delete('claim', 'a')).toBe(false);
      }),
    );

    it(
      'map: points inside a box, by kind, moved points found where they are now',
      withStore(async (s) => {
        await s.map.put([
          { id: 'p1', kind: 'camera', lat: 44.8, lon: 20.46, data: { a: 1 } },
          { id: 'p2', kind: 'report', lat: 44.81, lon: 20.47, data: null },
          { id: 'p3', kind: 'camera', lat: -33.9, lon: 151.2, data: {} },
        ]);
        await s.map.put([{ id: 'p3', kind: 'camera', lat: 44.79, lon: 20.45, data: { moved: 1 } }]);
        const box = { west: 20.4, south: 44.7, east: 20.5, north: 44.9 };
        expect((await s.map.query(box)).map((p) => p.id).sort()).toEqual(['p1', 'p2', 'p3']);
        expect((await s.map.query(box, { kind: 'report' })).map((p) => p.id)).toEqual(['p2']);
        expect(await s.map.query(box, { limit: 2 })).toHaveLength(2);
        expect(await s.map.query({ west: 150, south: -35, east: 152, north: -33 })).toEqual([]);
        expect(await s.map.count()).toBe(3);
        expect(await s.map.count('camera')).toBe(2);
      }),
    );

    it(
      'search: every word a prefix, accents folded, titles first, operators inert',
      withStore(async (s) => {
        expect(await s.search.version()).toBeUndefined();
        await s.search.replace(
          [
            {
              type: 'project',
              id: 'ecu',
              url: '/projects/ecu',
              title: 'ECU 911',
              body: 'Ecuador emergency system with cameras',
            },
            {
              type: 'country',
              id: 'ec',
              url: '/countries/ec',
              title: 'Ecuador',
              body: 'Projects in Quito and Guayaquil',
            },
            {
              type: 'vendor',
              id: 'hik',
              url: '/vendors/hik',
              title: 'Hikvision',
              body: 'Cámaras in São Paulo',
            },
          ],
          'v1',
        );
        expect(await s.search.version()).toBe('v1');
        expect((await s.search.query('ecuad', 10)).map((h) => h.id)).toEqual(['ec', 'ecu']);
        expect((await s.search.query('camaras sao', 10)).map((h) => h.id)).toEqual(['hik']);
        expect(await s.search.query('ecuador quito', 10)).toMatchObject([
          { type: 'country', id: 'ec', url: '/countries/ec', title: 'Ecuador' },
        ]);
        expect(await s.search.query('" OR * NEAR(', 10)).toEqual([]);
        expect(await s.search.query('   ', 10)).toEqual([]);
        await s.search.replace([], 'v2');
        expect(await s.search.query('ecuador', 10)).toEqual([]);
      }),
    );

    it(
      'apps: saved with their SDKs, listed newest first by package, SDK or hash, counted, deleted',
      withStore(async (s) => {
        const audit = (file: string, pkg: string | undefined, sdkIds: string[]) => ({
          scannedAt: '2026-11-30T10:00:00Z',
          file,
          sha256: `${file}-hash`,
          ...(pkg === undefined ? {} : { package: pkg, versionCode: 7, versionName: '1.0' }),
          sdkCount: sdkIds.length,
          prcSdkCount: 1,
          sdkIds,
          report: { file, sdks: sdkIds },
        });
        const a = await s.apps.save(audit('a.apk', 'org.example.a', ['umeng-analytics', 'pangle']));
        const b = await s.apps.save(
          audit('b.apk', undefined, ['umeng-analytics', 'umeng-analytics']),
        );
        expect(b.id).toBeGreaterThan(a.id);
        expect((await s.apps.list()).map((x) => x.id)).toEqual([b.id, a.id]);
        expect(await s.apps.list({ package: 'org.example.a' })).toEqual([
          {
            id: a.id,
            scannedAt: '2026-11-30T10:00:00Z',
            file: 'a.apk',
            sha256: 'a.apk-hash',
            package: 'org.example.a',
            versionCode: 7,
            versionName: '1.0',
            sdkCount: 2,
            prcSdkCount: 1,
          },
        ]);
        expect((await s.apps.list({ sdk: 'pangle' })).map((x) => x.id)).toEqual([a.id]);
        expect((await s.apps.list({ sha256: 'b.apk-hash' })).map((x) => x.id)).toEqual([b.id]);
        expect((await s.apps.list({ beforeId: b.id, limit: 1 })).map((x) => x.id)).toEqual([a.id]);
        expect(await s.apps.sdkCounts()).toEqual(
          new Map([
            ['umeng-analytics', 2],
            ['pangle', 1],
          ]),
        );
        expect((await s.apps.get(b.id))?.report).toEqual({
          file: 'b.apk',
          sdks: ['umeng-analytics', 'umeng-analytics'],
        });
        expect((await s.apps.get(b.id))?.summary.package).toBeUndefined();
        expect(await s.apps.delete(a.id)).toBe(true);
        expect(await s.apps.delete(a.id)).toBe(false);
        expect(await s.apps.sdkCounts()).toEqual(new Map([['umeng-analytics', 1]]));
      }),
    );

    it(
      'transactions keep everything or nothing; each write moves its area',
      withStore(async (s) => {
        const before = await s.changes();
        await expect(
          s.transaction(async (tx) => {
            await tx.records.put([{ kind: 'k', id: '1', data: 1, sources: [] }]);
            throw new Error('half-way');
          }),
        ).rejects.toThrow('half-way');
        expect(await s.records.count()).toBe(0);
        await s.transaction(async (tx) => {
          await tx.records.put([{ kind: 'k', id: '1', data: 1, sources: [] }]);
          await tx.map.put([{ id: 'm', kind: 'camera', lat: 1, lon: 1, data: {} }]);
        });
        expect(await s.records.count()).toBe(1);
        const after = await s.changes();
        expect(after.generation).not.toBe(before.generation);
        expect(after.areas.records).toBe(before.areas.records + 1);
        expect(after.areas.map).toBe(before.areas.map + 1);
        expect(after.areas.scans).toBe(before.areas.scans);
      }),
    );
  });
}
