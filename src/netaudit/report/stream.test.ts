// Reports written piece by piece are the very text the whole-list formatters write.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostVerdict } from '../host-verdict.js';
import { formatHostCsv } from './csv.js';
import { formatHostHtml } from './html.js';
import { reportOrderKey } from './order.js';
import { hostPiece, hostReport, HostTally, jsonObject, type ReportFormat } from './stream.js';
import { formatHostTable, sortHosts, summarize } from './table.js';

const verdict = fc.record(
  {
    address: fc.oneof(
      fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `192.0.${a}.${b}`),
      fc.constantFrom('fe80::1', '2001:db8::a', 'cam-1.example.net', 'cam-10.example.net'),
    ),
    maker: fc.option(fc.constantFrom('hikvision', 'dahua', 'axis'), { nil: undefined }),
    covered: fc.boolean(),
    model: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    notes: fc.option(fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 2 }), {
      nil: undefined,
    }),
    advisories: fc.array(fc.constantFrom('CVE-2021-36260', 'CVE-2017-7921'), { maxLength: 2 }),
    sources: fc.array(fc.constantFrom('s1', 's2', 's3'), { maxLength: 2 }),
  },
  { requiredKeys: ['address', 'covered', 'advisories', 'sources'] },
);

function toVerdict(v: {
  address: string;
  maker?: string | undefined;
  covered: boolean;
  model?: string | undefined;
  notes?: string[] | undefined;
  advisories: string[];
  sources: string[];
}): HostVerdict {
  return {
    address: v.address,
    ...(v.maker === undefined ? {} : { maker: v.maker, makerName: v.maker.toUpperCase() }),
    ...(v.model === undefined ? {} : { model: v.model }),
    ...(v.notes === undefined ? {} : { notes: v.notes }),
    score: 0.5,
    covered: v.covered,
    restrictions: v.covered
      ? [
          {
            restriction: 'r',
            short: 'NDAA',
            jurisdiction: 'US',
            status: 'named',
            confidence: 'high',
          },
        ]
      : [],
    advisories: v.advisories,
    advisoryDetails: [],
    conflicts: [],
    openPorts: [],
    evidence: [
      {
        probe: 'http',
        seen: 'x',
        fingerprint: 'f',
        kind: 'k',
        vendor: v.maker ?? 'x',
        weight: 1,
        sources: v.sources,
      },
    ],
  };
}

/** Streams a report the way `net import` does: tally, pieces, a sort by key. */
function streamed(
  format: ReportFormat,
  hosts: HostVerdict[],
  head: Record<string, unknown>,
): string {
  const tally = new HostTally();
  const made: Array<{ piece: string; notes?: string; key: string }> = [];
  for (const h of hosts) {
    tally.add(h);
    const p = hostPiece(format, h);
    if (p !== undefined) made.push({ ...p, key: reportOrderKey(h) });
  }
  const sorted = [...made].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const pieces = {
    made: () => made.map((p) => p.piece),
    sorted: () => sorted.map((p) => p.piece),
    notes: () => sorted.flatMap((p) => (p.notes === undefined ? [] : [p.notes])),
  };
  const meta = { title: 't', generatedAt: 'now', targets: ['a.csv'], sources: new Map() };
  return [...hostReport(format, tally, pieces, { head, meta })].join('');
}

describe('reports written piece by piece', () => {
  const unique = (list: HostVerdict[]): HostVerdict[] => [
    ...new Map(list.map((h) => [h.address, h])).values(),
  ];
  const hosts = fc.array(verdict.map(toVerdict), { maxLength: 30 }).map(unique);

  it('match the whole-list table, CSV, HTML and JSON', () => {
    const meta = { title: 't', generatedAt: 'now', targets: ['a.csv'], sources: new Map() };
    fc.assert(
      fc.property(hosts, (list) => {
        expect(streamed('table', list, {})).toBe(formatHostTable(list));
        expect(streamed('csv', list, {})).toBe(formatHostCsv(list));
        expect(streamed('html', list, {})).toBe(formatHostHtml(list, meta));
        const head = { import: { id: undefined, kind: 'import', files: ['a.csv'] } };
        expect(streamed('json', list, head)).toBe(
          `${JSON.stringify({ ...head, summary: summarize(list), hosts: list }, null, 2)}\n`,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('sort keys give the order sortHosts gives', () => {
    fc.assert(
      fc.property(hosts, (list) => {
        const byKey = [...list].sort((a, b) =>
          reportOrderKey(a) < reportOrderKey(b)
            ? -1
            : reportOrderKey(a) > reportOrderKey(b)
              ? 1
              : 0,
        );
        expect(byKey.map((h) => h.address)).toEqual(sortHosts(list).map((h) => h.address));
      }),
      { numRuns: 300 },
    );
  });

  it('jsonObject prints what JSON.stringify prints', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.jsonValue()),
        (head, items) => {
          expect([...jsonObject(head, 'items', items)].join('')).toBe(
            `${JSON.stringify({ ...head, items }, null, 2)}\n`,
          );
        },
      ),
    );
  });
});
