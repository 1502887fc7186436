import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../shared/errors.js';
import { billionLaughs } from '../lab/wire-discovery.js';
import {
  isNotAuthorizedFault,
  parseIsapiDeviceInfo,
  parseOnvifDeviceInformation,
} from './device-info.js';
import { buildGetDeviceInformation, passwordDigest, toBase64 } from './onvif-request.js';

const sha1 = (b: Uint8Array): Uint8Array => createHash('sha1').update(b).digest();
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('ONVIF UsernameToken PasswordDigest', () => {
  it("matches the ONVIF Application Programmer's Guide example", () => {
    // Nonce, Created, password and digest from the ONVIF Application Programmer's Guide §6.1.1.3.
    const nonce = Uint8Array.from(Buffer.from('LKqI6G/AikKCQrN0zqZFlg==', 'base64'));
    expect(passwordDigest(nonce, '2010-09-16T07:50:45Z', 'userpassword', sha1)).toBe(
      'tuOSpGlFlIXsozq4HFNeeGeFLEI=',
    );
  });

  it('builds a GetDeviceInformation envelope with the digest, nonce and created, never the password', () => {
    const nonce = Uint8Array.from(Buffer.from('LKqI6G/AikKCQrN0zqZFlg==', 'base64'));
    const xml = buildGetDeviceInformation(
      {
        user: 'ad<min',
        password: 'userpassword',
        nonce,
        now: new Date('2010-09-16T07:50:45.123Z'),
      },
      sha1,
    );
    expect(toBase64(nonce)).toBe('LKqI6G/AikKCQrN0zqZFlg==');
    expect(xml).toContain('>tuOSpGlFlIXsozq4HFNeeGeFLEI=</wsse:Password>');
    expect(xml).toContain('<wsu:Created>2010-09-16T07:50:45Z</wsu:Created>');
    expect(xml).toContain('<wsse:Username>ad&lt;min</wsse:Username>');
    expect(xml).toContain('<tds:GetDeviceInformation/>');
    expect(xml).not.toContain('userpassword');
  });
});

describe('device-information replies', () => {
  it('reads ISAPI deviceInfo and joins the firmware version and build', () => {
    const info = parseIsapiDeviceInfo(
      bytes(
        '<?xml version="1.0" encoding="UTF-8"?><DeviceInfo version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">' +
          '<deviceName>IP CAMERA</deviceName><model>DS-2CD2143G0-I</model><serialNumber>DS-2CD2143G0-I20190910AAWRD12345678</serialNumber>' +
          '<macAddress>44:19:b6:01:02:03</macAddress><firmwareVersion>V5.5.82</firmwareVersion>' +
          '<firmwareReleasedDate>build 190910</firmwareReleasedDate><deviceType>IPCamera</deviceType></DeviceInfo>',
      ),
      80,
    );
    expect(info).toEqual({
      kind: 'device-info',
      source: 'isapi',
      port: 80,
      authenticated: true,
      model: 'DS-2CD2143G0-I',
      firmware: 'V5.5.82 build 190910',
      serial: 'DS-2CD2143G0-I20190910AAWRD12345678',
      mac: '44:19:b6:01:02:03',
      deviceType: 'IPCamera',
    });
  });

  it('reads an ONVIF GetDeviceInformationResponse', () => {
    const r = parseOnvifDeviceInformation(
      bytes(
        '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><tds:GetDeviceInformationResponse>' +
          '<tds:Manufacturer>Dahua</tds:Manufacturer><tds:Model>IPC-HFW2431S-S-S2</tds:Model>' +
          '<tds:FirmwareVersion>2.800.0000000.16.R.200422</tds:FirmwareVersion><tds:SerialNumber>4C045ADPAG60CD</tds:SerialNumber>' +
          '<tds:HardwareId>IPC</tds:HardwareId></tds:GetDeviceInformationResponse></env:Body></env:Envelope>',
      ),
      80,
    );
    expect(r).toEqual({
      ok: true,
      info: {
        kind: 'device-info',
        source: 'onvif',
        port: 80,
        authenticated: true,
        manufacturer: 'Dahua',
        model: 'IPC-HFW2431S-S-S2',
        firmware: '2.800.0000000.16.R.200422',
        serial: '4C045ADPAG60CD',
        extra: { hardwareId: 'IPC' },
      },
    });
  });

  it('returns a NotAuthorized SOAP fault as a refusal', () => {
    const r = parseOnvifDeviceInformation(
      bytes(
        '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value>' +
          '<env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code><env:Reason><env:Text>Sender not Authorized</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>',
      ),
      80,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(isNotAuthorizedFault(r.fault)).toBe(true);
    expect(isNotAuthorizedFault('env:Receiver ter:ActionNotSupported')).toBe(false);
  });

  it('refuses entity declarations, oversized and unrelated documents with a ParseError', () => {
    expect(() =>
      parseIsapiDeviceInfo(bytes(billionLaughs('DeviceInfo', '<model>&lol9;</model>')), 80),
    ).toThrow(ParseError);
    expect(() => parseOnvifDeviceInformation(bytes(billionLaughs('Envelope')), 80)).toThrow(
      ParseError,
    );
    expect(() =>
      parseIsapiDeviceInfo(
        bytes(`<DeviceInfo><model>${'x'.repeat(70_000)}</model></DeviceInfo>`),
        80,
      ),
    ).toThrow(ParseError);
    expect(() => parseIsapiDeviceInfo(bytes('<html><body>login</body></html>'), 80)).toThrow(
      ParseError,
    );
    expect(() => parseOnvifDeviceInformation(bytes('<html><title>x</title></html>'), 80)).toThrow(
      ParseError,
    );
  });
});
