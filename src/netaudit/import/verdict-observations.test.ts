import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKb } from '../../kb/index.js';
import { identifyHost, type HostVerdict } from '../fuse.js';
import type { Observation } from '../observation.js';
import { parseImport } from './detect.js';
import { parseSousveilJson } from './sousveil-json.js';
import { claimsMoreThan, observationsFromVerdict } from './verdict-observations.js';

const { kb } = await loadKb();
const asOf = '2026-11-28';
const rejudge = (h: HostVerdict): HostVerdict => identifyHost(kb, observationsFromVerdict(h), asOf);
const uploaded = (host: Record<string, unknown>): HostVerdict => {
  const [parsed] = parseSousveilJson(JSON.stringify({ hosts: [host] }));
  return parsed!;
};

describe('re-judging an uploaded verdict from its evidence', () => {
  it('gives the same makers and coverage as the scan that wrote it', () => {
    const xml = readFileSync(new URL('./fixtures/nmap-hikvision.xml', import.meta.url));
    const original = parseImport('nmap-xml', xml).hosts.map((h) => identifyHost(kb, h, asOf));
    expect(original.some((h) => h.covered)).toBe(true);
    const roundTrip = parseSousveilJson(JSON.stringify({ hosts: original })).map(rejudge);
    expect(roundTrip.map((h) => [h.address, h.maker, h.covered])).toEqual(
      original.map((h) => [h.address, h.maker, h.covered]),
    );
  });

  // One observation per kind of evidence, built from a kb example of that kind.
  const example = (kind: string): string =>
    kb.fingerprints.find((f) => f.kind === kind && f.examples.length > 0)?.examples[0] ?? '';
  const probes: Array<[string, Observation]> = [
    ['mac', { kind: 'mac', source: 'neigh', mac: '44:19:B6:12:34:56' }],
    [
      'http server',
      { kind: 'http', source: 'http', port: 80, tls: false, server: example('http-server') },
    ],
    [
      'http realm',
      {
        kind: 'http',
        source: 'http',
        port: 80,
        tls: false,
        wwwAuthenticate: example('http-realm'),
      },
    ],
    [
      'http title',
      { kind: 'http', source: 'http', port: 80, tls: false, title: example('http-title') },
    ],
    [
      'rtsp realm',
      { kind: 'rtsp', source: 'rtsp', port: 554, wwwAuthenticate: example('rtsp-realm') },
    ],
    ['tls subject', { kind: 'tls', source: 'tls', port: 443, subject: example('tls-subject') }],
    ['sdk banner', { kind: 'sdk', source: 'sdk', port: 8000, replyHex: example('sdk-banner') }],
    ['cloud domain', { kind: 'dns-query', source: 'zeek-dns', name: example('cloud-domain') }],
    ['snmp', { kind: 'snmp', source: 'snmp', sysObjectId: `1.3.6.1.4.1.${example('snmp-pen')}` }],
    [
      'sadp reply',
      { kind: 'device-info', source: 'sadp', model: 'DS-2CD2143G0-I', firmware: 'V5.5.0' },
    ],
    ['dhip reply', { kind: 'device-info', source: 'dhip', model: 'IPC-HFW2431S' }],
    [
      'onvif scopes',
      { kind: 'device-info', source: 'ws-discovery', scopes: [example('onvif-scope')] },
    ],
    [
      'dahua headers',
      {
        kind: 'http',
        source: 'http',
        port: 80,
        tls: false,
        headerNames: ['CONNECTION', 'CONTENT-LENGTH'],
      },
    ],
  ];
  it.each(probes)('re-derives evidence from %s', (_what, observation) => {
    const original = identifyHost(kb, { address: '10.0.0.2', observations: [observation] }, asOf);
    expect(original.evidence.length).toBeGreaterThan(0);
    const judged = rejudge(
      uploaded(JSON.parse(JSON.stringify(original)) as Record<string, unknown>),
    );
    expect([judged.maker, judged.covered]).toEqual([original.maker, original.covered]);
    expect(judged.evidence.map((e) => e.fingerprint).sort()).toEqual(
      original.evidence.map((e) => e.fingerprint).sort(),
    );
  });

  it.each([
    ['no evidence at all', []],
    [
      'evidence whose seen value does not match its fingerprint',
      [
        {
          probe: 'http:80',
          seen: 'nginx/1.24.0',
          fingerprint: 'fp-hik-app-webs',
          kind: 'http-server',
          weight: 0.95,
        },
      ],
    ],
    [
      'an authenticated device read it cannot show',
      [
        {
          probe: 'isapi:80 (authenticated)',
          seen: 'device information (authenticated)',
          fingerprint: 'rule:isapi-device-info',
          kind: 'protocol',
          weight: 0.95,
        },
      ],
    ],
  ])('a forged covered verdict with %s is not covered', (_what, evidence) => {
    const forged = uploaded({
      address: '10.0.0.9',
      maker: 'hikvision',
      covered: true,
      confidence: 'confirmed',
      score: 1,
      restrictions: [
        { restriction: 'us-ndaa-889-a1a', short: 'NDAA', jurisdiction: 'US', status: 'named' },
      ],
      evidence,
    });
    const judged = rejudge(forged);
    expect(judged.covered).toBe(false);
    expect(judged.maker).toBeUndefined();
    expect(judged.restrictions).toEqual([]);
    expect(claimsMoreThan(forged, judged)).toBe(true);
  });

  it("a name claim counts as an inventory's, whatever weight the upload gave it", () => {
    const judged = rejudge(
      uploaded({
        address: '10.0.0.9',
        covered: false,
        evidence: [
          { probe: 'x', seen: 'Hikvision', fingerprint: 'name:hikvision', kind: 'name', weight: 1 },
        ],
      }),
    );
    expect(judged.maker).toBe('hikvision');
    expect(judged.evidence.map((e) => e.weight)).toEqual([0.6]);
  });
});
