// The scan CSV: a device's answers are the attacker's text; none of it may run as a formula.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/csv.js';
import { hostileCells, isInert } from '../../shared/testdata/hostile-cells.js';
import type { HostVerdict } from '../host-verdict.js';
import { formatHostCsv } from './csv.js';

const host = (text: string): HostVerdict => ({
  address: '192.0.2.10',
  mac: '44:19:b6:00:00:01',
  makerName: text,
  model: text,
  firmware: text,
  score: 0.9,
  covered: true,
  restrictions: [],
  advisories: [text],
  advisoryDetails: [],
  conflicts: [],
  openPorts: [80],
  evidence: [
    {
      probe: 'http',
      seen: text,
      fingerprint: text,
      kind: 'http-header',
      vendor: 'hikvision',
      weight: 0.9,
      sources: [],
    },
  ],
});

describe('net scan --csv / scan hosts as CSV', () => {
  it.each(hostileCells)('writes %j as inert text', (text) => {
    const { records } = parseCsv(formatHostCsv([host(text)]), ',');
    const row = records[1]!.fields;
    for (const cell of row) expect(isInert(cell), cell).toBe(true);
    expect(row[4]).toBe(`'${text}`);
    expect(row[0]).toBe('192.0.2.10');
  });
});
