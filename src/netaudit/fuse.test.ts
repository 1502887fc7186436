import { describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { protocolOwners } from './evidence.js';
import { identifyHost } from './fuse.js';
import type { Observation } from './observation.js';

const { kb } = await loadKb();
const verdict = (observations: Observation[]) =>
  identifyHost(kb, { address: '127.0.0.2', observations }, '2026-11-28');

const hikHttp: Observation = {
  kind: 'http',
  source: 'http',
  port: 80,
  tls: false,
  status: 200,
  server: 'App-webs/',
  headerNames: ['Server'],
};
const hikRtsp: Observation = {
  kind: 'rtsp',
  source: 'rtsp',
  port: 554,
  status: 401,
  wwwAuthenticate: 'Digest realm="Hikvision", nonce="1"',
};
const sadp = (
  firmware: string,
  extra: Partial<Extract<Observation, { kind: 'device-info' }>> = {},
): Observation => ({
  kind: 'device-info',
  source: 'sadp',
  model: 'DS-2CD2143G0-I',
  firmware,
  mac: '44-19-b6-01-02-03',
  ...extra,
});
const dahuaHttp: Observation = {
  kind: 'http',
  source: 'http',
  port: 80,
  tls: false,
  status: 200,
  title: 'WEB SERVICE',
  headerNames: ['CONNECTION', 'CONTENT-LENGTH', 'CACHE-CONTROL', 'ETag'],
  body: '\uFEFF<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"><script src="jsBase/lib/jquery.js?version=@WebVersion@"></script>',
};
const dhip = (vendor: string, firmware: string): Observation => ({
  kind: 'device-info',
  source: 'dhip',
  manufacturer: vendor,
  model: 'IPC-HDW5431R-ZE',
  firmware,
  mac: '3c:ef:8c:01:02:03',
});
const dvrip = (model: string, mac?: string): Observation => ({
  kind: 'device-info',
  source: 'dvrip',
  model,
  serial: '6G0123456PAG7A8',
  ...(mac === undefined ? {} : { mac }),
});

describe('identifyHost (evidence fusion)', () => {
  it.each<{ name: string; obs: Observation[]; expect: Record<string, unknown> }>([
    {
      name: 'Hikvision camera, vulnerable firmware',
      obs: [hikHttp, hikRtsp, sadp('V5.5.82build 190910')],
      expect: {
        maker: 'hikvision',
        confidence: 'confirmed',
        covered: true,
        model: 'DS-2CD2143G0-I',
        mac: '44:19:b6:01:02:03',
        advisories: ['CVE-2021-36260'],
      },
    },
    {
      name: 'Hikvision camera, patched firmware',
      obs: [hikHttp, sadp('V5.5.800build 210628')],
      expect: { maker: 'hikvision', covered: true, advisories: [] },
    },
    {
      name: 'a MAC prefix alone is only possible',
      obs: [{ kind: 'mac', source: 'neighbours', mac: '44:19:b6:aa:bb:cc' }],
      expect: { maker: 'hikvision', confidence: 'possible' },
    },
    {
      name: 'LTS rebrand: Hikvision fingerprints, LTS label',
      obs: [
        hikHttp,
        { kind: 'http', source: 'http', port: 80, tls: false, title: 'LTS', headerNames: [] },
        sadp('V5.5.82build 190910', { oem: 'LTS', mac: '14:2f:fd:01:02:03' }),
      ],
      expect: { maker: 'hikvision', brand: 'lts', covered: true },
    },
    {
      name: 'Dahua camera without a Server header, old firmware',
      obs: [
        dahuaHttp,
        { kind: 'rtsp', source: 'rtsp', port: 554, server: 'Dahua Rtsp Server' },
        dhip('Dahua', '2.800.0000000.16.R.200422'),
      ],
      expect: {
        maker: 'dahua',
        confidence: 'confirmed',
        covered: true,
        advisories: ['CVE-2021-33044', 'CVE-2021-33045'],
      },
    },
    {
      name: 'Amcrest: a Dahua OEM',
      obs: [dahuaHttp, dhip('Amcrest', '2.800.0000000.16.R.230101')],
      expect: { maker: 'dahua', brand: 'amcrest', covered: true },
    },
    {
      name: 'a DVRIP reply alone names Dahua, with what it said',
      obs: [dvrip('IPC-HFW2431S-S-S2')],
      expect: {
        maker: 'dahua',
        model: 'IPC-HFW2431S-S-S2',
        evidence: expect.arrayContaining([
          expect.objectContaining({
            probe: 'dvrip',
            fingerprint: 'rule:dvrip-reply',
            seen: 'dvrip reply: IPC-HFW2431S-S-S2, serial 6G0123456PAG7A8',
            vendor: 'dahua',
          }),
        ]),
      },
    },
    {
      name: 'an OEM answers DVRIP: maker Dahua, brand from the DHIP Vendor field',
      obs: [dvrip('IP4M-1041B', '9c:8e:cd:01:02:03'), dhip('Amcrest', '2.800.00AC006.0.R.211224')],
      expect: { maker: 'dahua', brand: 'amcrest', covered: true, confidence: 'confirmed' },
    },
    {
      name: 'conflicting evidence: an Axis MAC behind a Hikvision web server',
      obs: [hikHttp, hikRtsp, { kind: 'mac', source: 'neighbours', mac: '00:40:8c:01:02:03' }],
      expect: { maker: 'hikvision', conflicts: [{ maker: 'axis', score: 0.3 }] },
    },
    {
      name: 'Axis control',
      obs: [
        {
          kind: 'device-info',
          source: 'onvif',
          scopes: ['onvif://www.onvif.org/name/AXIS', 'onvif://www.onvif.org/hardware/M3106-L'],
        },
        { kind: 'mac', source: 'neighbours', mac: '00:40:8c:01:02:03' },
      ],
      expect: { maker: 'axis', covered: false, category: 'not-covered' },
    },
    {
      name: 'a generic web server is no one',
      obs: [
        {
          kind: 'http',
          source: 'http',
          port: 80,
          tls: false,
          server: 'nginx/1.18.0',
          title: 'Welcome to nginx!',
          headerNames: ['Server'],
        },
      ],
      expect: { covered: false, advisories: [], evidence: [] },
    },
    {
      name: 'a host that queries Hik-Connect',
      obs: [{ kind: 'dns-query', source: 'zeek-dns', name: 'dev.hik-connect.com', count: 12 }],
      expect: { maker: 'hikvision', confidence: 'likely' },
    },
    {
      name: 'nmap -sV product label',
      obs: [
        {
          kind: 'service',
          source: 'nmap-xml',
          port: 80,
          protocol: 'tcp',
          name: 'http',
          product: 'Hikvision IP camera httpd',
        },
      ],
      expect: { maker: 'hikvision' },
    },
  ])('$name', ({ obs, expect: want }) => {
    const v = verdict(obs);
    expect(v).toMatchObject(want);
  });

  it('every evidence item names its probe, what was seen, the fingerprint and its sources', () => {
    const v = verdict([hikHttp, sadp('V5.5.82build 190910')]);
    for (const e of v.evidence) {
      expect(e.probe).toBeTruthy();
      expect(e.seen).toBeTruthy();
      expect(e.fingerprint).toBeTruthy();
      expect(e.sources.length).toBeGreaterThan(0);
    }
  });

  it('cites known kb sources for each discovery protocol', () => {
    for (const owner of Object.values(protocolOwners))
      for (const id of owner.sources) expect(kb.sources.has(id)).toBe(true);
  });

  it('is deterministic', () => {
    const obs = [hikHttp, hikRtsp, sadp('V5.5.82build 190910')];
    expect(verdict(obs)).toEqual(verdict([...obs].reverse()));
  });
});
