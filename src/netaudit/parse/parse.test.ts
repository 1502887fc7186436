import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../shared/errors.js';
import { buildDhipSearch, parseDhipReply } from './dhip.js';
import { faviconMmh3, murmur3 } from './mmh3.js';
import { bodyText, extractTitle, header, parseResponseHead } from './response-head.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('parseResponseHead', () => {
  it('keeps header names as sent (Dahua sends them upper-case)', () => {
    const head = parseResponseHead(
      bytes('HTTP/1.1 200 OK\r\nCONNECTION: close\r\nCONTENT-LENGTH: 5\r\n\r\n\uFEFFhi'),
      'http',
    );
    expect(head.status).toBe(200);
    expect(head.headers.map(([n]) => n)).toEqual(['CONNECTION', 'CONTENT-LENGTH']);
    expect(header(head, 'content-length')).toBe('5');
    expect(bodyText(head.body).startsWith('\uFEFF')).toBe(true);
  });

  it('parses RTSP', () => {
    const head = parseResponseHead(
      bytes(
        'RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm="Hikvision"\r\n\r\n',
      ),
      'rtsp',
    );
    expect(head).toMatchObject({ protocol: 'RTSP', status: 401 });
    expect(header(head, 'www-authenticate')).toBe('Digest realm="Hikvision"');
  });

  it('bounds the headers it keeps', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `X-${i}: y`).join('\r\n');
    expect(
      parseResponseHead(bytes(`HTTP/1.0 200 OK\r\n${many}\r\n\r\n`), 'http').headers,
    ).toHaveLength(200);
  });

  it('rejects what is not a response, and never throws anything else', () => {
    expect(() => parseResponseHead(bytes('SSH-2.0-OpenSSH'), 'http')).toThrow(ParseError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => {
        try {
          parseResponseHead(b, 'http');
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
    );
  });

  it('extracts titles', () => {
    expect(extractTitle('<html><head><TITLE>WEB  SERVICE</TITLE>')).toBe('WEB SERVICE');
    expect(extractTitle('<title></title>')).toBeUndefined();
  });
});

describe('DHIP', () => {
  it('round-trips a discovery reply', () => {
    const json = bytes(
      JSON.stringify({
        mac: '3c:ef:8c:01:02:03',
        method: 'client.notifyDevInfo',
        params: {
          deviceInfo: {
            DeviceType: 'IPC-HFW2431S-S-S2',
            Vendor: 'Dahua',
            Version: '2.800.0000000.16.R.200422',
            SerialNo: '4C045ADPAG60CD',
          },
        },
      }),
    );
    const packet = new Uint8Array(32 + json.length);
    packet.set(buildDhipSearch().subarray(0, 32));
    new DataView(packet.buffer).setUint32(16, json.length, true);
    packet.set(json, 32);
    expect(parseDhipReply(packet)).toEqual({
      kind: 'device-info',
      source: 'dhip',
      manufacturer: 'Dahua',
      model: 'IPC-HFW2431S-S-S2',
      firmware: '2.800.0000000.16.R.200422',
      serial: '4C045ADPAG60CD',
      mac: '3c:ef:8c:01:02:03',
    });
  });

  it('builds the search with its length at offsets 16 and 24', () => {
    const p = buildDhipSearch();
    const v = new DataView(p.buffer);
    expect(new TextDecoder().decode(p.subarray(4, 8))).toBe('DHIP');
    expect(v.getUint32(16, true)).toBe(p.length - 32);
    expect(v.getUint32(24, true)).toBe(p.length - 32);
  });

  it('never throws anything but ParseError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (b) => {
        const withMagic = new Uint8Array(Math.max(b.length, 40));
        withMagic.set(b);
        withMagic.set(bytes('DHIP'), 4);
        for (const input of [b, withMagic]) {
          try {
            parseDhipReply(input);
          } catch (e) {
            expect(e).toBeInstanceOf(ParseError);
          }
        }
      }),
    );
  });
});

describe('murmur3', () => {
  it.each([
    ['', 0],
    ['hello', 613153351],
    ['The quick brown fox jumps over the lazy dog', 776992547],
  ])('mmh3(%j) = %i (as Python mmh3.hash)', (s, h) => expect(murmur3(bytes(s), 0)).toBe(h));
  it('hashes favicons as Shodan does (base64 in 76-character lines)', () => {
    expect(faviconMmh3('aGVsbG8=')).toBe(murmur3(bytes('aGVsbG8=\n'), 0));
  });
});

describe('parseProcArp', () => {
  it('maps complete entries, skipping incomplete and zero ones', async () => {
    const { parseProcArp } = await import('./proc-arp.js');
    const text = [
      'IP address       HW type     Flags       HW address            Mask     Device',
      '192.168.1.64     0x1         0x2         44:19:b6:01:02:03     *        eth0',
      '192.168.1.65     0x1         0x0         00:00:00:00:00:00     *        eth0',
      '192.168.1.66     0x1         0x2         3C:EF:8C:01:02:03     *        eth0',
      'garbage',
    ].join('\n');
    expect([...parseProcArp(text)]).toEqual([
      ['192.168.1.64', '44:19:b6:01:02:03'],
      ['192.168.1.66', '3c:ef:8c:01:02:03'],
    ]);
  });
});
