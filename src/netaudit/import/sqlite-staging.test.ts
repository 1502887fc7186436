// The staging database: observations of one address merged as one file's import merges them,
// files one after the other, pages of hosts in first-seen order; pieces back in report order.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Observation } from '../observation.js';
import { ImportStaging } from './sqlite-staging.js';

const dir = mkdtempSync(join(tmpdir(), 'sousveil-staging-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dns = (name: string, count?: number): Observation => ({
  kind: 'dns-query',
  source: 'zeek',
  name,
  ...(count === undefined ? {} : { count }),
});
const mac: Observation = { kind: 'mac', source: 'leases', mac: '44:19:b6:00:00:01' };

describe('ImportStaging', () => {
  it('merges within a file, concatenates across files, keeps first-seen order', () => {
    const staging = new ImportStaging(dir);
    try {
      staging.addHosts(0, [{ address: '10.0.0.2', observations: [dns('a.example', 2)] }]);
      staging.addHosts(0, [
        { address: '10.0.0.1', observations: [mac] },
        { address: '10.0.0.2', observations: [dns('a.example', 3), mac] },
      ]);
      staging.addHosts(1, [{ address: '10.0.0.2', observations: [mac] }]);
      expect([staging.hostCount(0), staging.hostCount(1), staging.size]).toEqual([2, 1, 2]);
      expect([...staging.hostPages()].flat()).toEqual([
        { address: '10.0.0.2', observations: [dns('a.example', 5), mac, mac] },
        { address: '10.0.0.1', observations: [mac] },
      ]);
    } finally {
      staging.close();
    }
  });

  it('gives pieces back as made and in report order, and deletes its file on close', () => {
    const staging = new ImportStaging(dir);
    staging.addPieces([
      { sortKey: '11b', piece: 'b' },
      { sortKey: '01a', piece: 'a', notes: '  a  note' },
      { sortKey: '11c', piece: 'c' },
    ]);
    expect([...staging.pieces('made')]).toEqual(['b', 'a', 'c']);
    expect([...staging.pieces('sorted')]).toEqual(['a', 'b', 'c']);
    expect([...staging.pieces('notes')]).toEqual(['  a  note']);
    staging.close();
    expect(readdirSync(dir).filter((f) => existsSync(join(dir, f, 'staging.db')))).toEqual([]);
  });

  it('pages through more hosts than a page holds', () => {
    const staging = new ImportStaging(dir);
    try {
      const hosts = Array.from({ length: 4500 }, (_, i) => ({
        address: `10.0.${i >> 8}.${i & 255}`,
        observations: [mac],
      }));
      staging.addHosts(0, hosts);
      const pages = [...staging.hostPages()];
      expect(pages.map((p) => p.length)).toEqual([2000, 2000, 500]);
      expect(pages.flat().map((h) => h.address)).toEqual(hosts.map((h) => h.address));
    } finally {
      staging.close();
    }
  });
});
