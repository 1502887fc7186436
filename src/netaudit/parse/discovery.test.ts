import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../shared/errors.js';
import { parseDiscoveryReply } from './discovery.js';
import { modelFromSerial, parseSadpReply } from './sadp.js';
import { parseWsdReply } from './wsd.js';

const bytes = (s: string) => new TextEncoder().encode(s);

const sadpReply = `<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><Uuid>8A1C1C2E-1111-2222-3333-444455556666</Uuid><Types>inquiry</Types>
<DeviceType>138153</DeviceType><DeviceDescription>DS-2CD2143G0-I</DeviceDescription><DeviceSN>DS-2CD2143G0-I20200114AAWRD12345678</DeviceSN>
<CommandPort>8000</CommandPort><HttpPort>80</HttpPort><MAC>44-19-b6-01-02-03</MAC><IPv4Address>192.0.2.64</IPv4Address>
<SoftwareVersion>V5.5.82build 190910</SoftwareVersion><DSPVersion>V7.3 build 190724</DSPVersion><OEMinfo>LTS</OEMinfo></ProbeMatch>`;

const wsdReply = `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><env:Body><d:ProbeMatches><d:ProbeMatch>
<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>
<d:Scopes>onvif://www.onvif.org/location/country/china onvif://www.onvif.org/name/Dahua onvif://www.onvif.org/hardware/IPC-HFW2228M-I1-V2 onvif://www.onvif.org/Profile/Streaming</d:Scopes>
<d:XAddrs>http://192.0.2.108/onvif/device_service</d:XAddrs></d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>`;

describe('SADP replies', () => {
  it('reads model, firmware, MAC and OEM label', () => {
    expect(parseSadpReply(bytes(sadpReply))).toEqual({
      kind: 'device-info',
      source: 'sadp',
      model: 'DS-2CD2143G0-I',
      firmware: 'V5.5.82build 190910',
      serial: 'DS-2CD2143G0-I20200114AAWRD12345678',
      mac: '44-19-b6-01-02-03',
      deviceType: '138153',
      oem: 'LTS',
    });
  });
  it('takes the model from the serial when the description is missing', () => {
    expect(modelFromSerial('DS-2CD2143G0-I20200114AAWRD12345678')).toBe('DS-2CD2143G0-I');
  });
  it('refuses a DOCTYPE (no entity expansion, no billion laughs)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><ProbeMatch><Types>&lol2;</Types></ProbeMatch>`;
    expect(() => parseSadpReply(bytes(bomb))).toThrow(ParseError);
  });
  it('leaves undeclared entities as text', () => {
    const v = parseSadpReply(
      bytes(
        '<ProbeMatch><Types>inquiry</Types><DeviceDescription>&lol;&amp;</DeviceDescription></ProbeMatch>',
      ),
    );
    expect(v.model).toBe('&lol;&');
  });
});

describe('WS-Discovery replies', () => {
  it('reads scopes, model and name', () => {
    const v = parseWsdReply(bytes(wsdReply));
    expect(v.model).toBe('IPC-HFW2228M-I1-V2');
    expect(v.oem).toBe('Dahua');
    expect(v.scopes).toContain('onvif://www.onvif.org/name/Dahua');
  });
  it('percent-decodes names but keeps the wire form', () => {
    const v = parseWsdReply(
      bytes(
        '<a:ProbeMatch><a:Scopes>onvif://www.onvif.org/name/HIKVISION%20DS-2CD2143G0-I</a:Scopes></a:ProbeMatch>',
      ),
    );
    expect(v.scopes).toEqual([
      'onvif://www.onvif.org/name/HIKVISION%20DS-2CD2143G0-I',
      'onvif://www.onvif.org/name/HIKVISION DS-2CD2143G0-I',
    ]);
    expect(v.oem).toBe('HIKVISION');
  });
});

describe('parseDiscoveryReply', () => {
  it('returns malformed replies as values', () => {
    expect(parseDiscoveryReply('sadp', bytes('garbage')).ok).toBe(false);
    expect(
      parseDiscoveryReply(
        'ssdp',
        bytes('HTTP/1.1 200 OK\r\nSERVER: Linux UPnP/1.0 Huawei-ATP-IGD\r\n\r\n'),
      ),
    ).toMatchObject({
      ok: true,
      value: [
        { kind: 'device-info', source: 'ssdp', extra: { server: 'Linux UPnP/1.0 Huawei-ATP-IGD' } },
      ],
    });
  });
  it('never throws on hostile bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sadp', 'dhip', 'wsd', 'ssdp' as const),
        fc.uint8Array({ maxLength: 3000 }),
        (p, b) => {
          expect(typeof parseDiscoveryReply(p, b).ok).toBe('boolean');
        },
      ),
    );
  });
  it('bounds huge replies', () => {
    const huge = bytes(`<ProbeMatch>${'<Types>x</Types>'.repeat(20_000)}</ProbeMatch>`);
    expect(parseDiscoveryReply('sadp', huge).ok).toBe(false);
  });
});
