// The lab's one device credential and the authenticated device-information surfaces that check it:
// Hikvision ISAPI deviceInfo behind HTTP Digest (RFC 7616) and ONVIF GetDeviceInformation behind a
// WS-Security UsernameToken PasswordDigest. Wrong or missing credentials get 401, nothing else.
import { createHash } from 'node:crypto';
import { digestAlgorithm, digestResponse, parseChallenges } from '../parse/http-digest.js';
import { passwordDigest } from '../parse/onvif-request.js';
import { leaf, xmlLeaves } from '../parse/xml-leaves.js';
import type { DeviceContext, RequestHead, WireReply } from './types.js';
import { byteLength, rawResponse, requestPath } from './wire-http.js';

/** A user name and password every lab device accepts. */
export interface LabCredential {
  user: string;
  password: string;
}

/** The documented demo credential of `sousveil lab` (a lab on loopback; not a secret). */
export const labCredential: LabCredential = { user: 'admin', password: 'sousveil-lab' };

/**
 * True when the request carries a Digest Authorization for the lab credential, this realm and this
 * request. The lab does not track the nonces it issued: any nonce the client echoes is accepted.
 */
export function hasValidDigest(req: RequestHead, d: DeviceContext, realm: string): boolean {
  const value = req.headers.get('authorization');
  const answer = value === undefined ? undefined : parseChallenges([value])[0];
  if (answer?.scheme !== 'digest') return false;
  const p = answer.params;
  const algorithm = digestAlgorithm(p.algorithm);
  if (algorithm === undefined || p.username !== d.credential.user || p.realm !== realm)
    return false;
  if (p.uri !== req.target || p.response === undefined || p.nonce === undefined) return false;
  const expected = digestResponse(
    {
      challenge: { scheme: 'digest', params: { realm, nonce: p.nonce, ...qop(p.qop) } },
      algorithm,
      user: d.credential.user,
      password: d.credential.password,
      method: req.method,
      uri: p.uri,
      cnonce: p.cnonce ?? '',
      nc: parseInt(p.nc ?? '1', 16),
    },
    (hash, text) => createHash(hash).update(text, 'utf8').digest('hex'),
  );
  return expected === p.response.toLowerCase();
}

function qop(value: string | undefined): { qop?: string } {
  return value === undefined ? {} : { qop: value };
}

/** True when a SOAP request carries a UsernameToken PasswordDigest of the lab credential. */
export function hasValidUsernameToken(body: string, d: DeviceContext): boolean {
  let leaves;
  try {
    leaves = xmlLeaves(new TextEncoder().encode(body), 'lab-onvif');
  } catch {
    return false;
  }
  const nonce = leaf(leaves, 'Nonce');
  const created = leaf(leaves, 'Created');
  const digest = leaf(leaves, 'Password');
  if (leaf(leaves, 'Username') !== d.credential.user || !nonce || !created || !digest) return false;
  const sha1 = (b: Uint8Array): Uint8Array => createHash('sha1').update(b).digest();
  return (
    passwordDigest(Buffer.from(nonce, 'base64'), created, d.credential.password, sha1) === digest
  );
}

/** What a device says about itself once authenticated. */
export interface LabDeviceInfo {
  manufacturer: string;
  model: string;
  firmware: string;
  deviceType: string;
}

/** Hikvision ISAPI `<DeviceInfo>`: the firmware split into version and build as the devices send it. */
export function isapiDeviceInfo(info: LabDeviceInfo, d: DeviceContext): string {
  const m = /^(V?[\d.]+)\s*(build \d{6})$/.exec(info.firmware);
  return `<?xml version="1.0" encoding="UTF-8"?>
<DeviceInfo version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">
<deviceName>IP CAMERA</deviceName>
<deviceID>${d.uuid}</deviceID>
<model>${info.model}</model>
<serialNumber>${d.serial}</serialNumber>
<macAddress>${d.mac}</macAddress>
<firmwareVersion>${m?.[1] ?? info.firmware}</firmwareVersion>
<firmwareReleasedDate>${m?.[2] ?? ''}</firmwareReleasedDate>
<deviceType>${info.deviceType}</deviceType>
</DeviceInfo>
`;
}

const soapEnvelope = (body: string): string =>
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" ' +
  'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" ' +
  'xmlns:ter="http://www.onvif.org/ver10/error">' +
  `<env:Body>${body}</env:Body></env:Envelope>`;

const notAuthorized = soapEnvelope(
  '<env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code>' +
    '<env:Reason><env:Text xml:lang="en">Sender not Authorized</env:Text></env:Reason></env:Fault>',
);

/** The ONVIF device service: GetDeviceInformation for the right UsernameToken, 401 otherwise. */
export function onvifDeviceService(
  req: RequestHead,
  d: DeviceContext,
  info: LabDeviceInfo,
): WireReply | undefined {
  if (requestPath(req.target) !== '/onvif/device_service' || req.method !== 'POST')
    return undefined;
  const body = req.body ?? '';
  const ok = /GetDeviceInformation\b/.test(body) && hasValidUsernameToken(body, d);
  const xml = ok
    ? soapEnvelope(
        '<tds:GetDeviceInformationResponse>' +
          `<tds:Manufacturer>${info.manufacturer}</tds:Manufacturer><tds:Model>${info.model}</tds:Model>` +
          `<tds:FirmwareVersion>${info.firmware}</tds:FirmwareVersion>` +
          `<tds:SerialNumber>${d.serial}</tds:SerialNumber><tds:HardwareId>${info.deviceType}</tds:HardwareId>` +
          '</tds:GetDeviceInformationResponse>',
      )
    : notAuthorized;
  return rawResponse(
    ok ? 'HTTP/1.1 200 OK' : 'HTTP/1.1 401 Unauthorized',
    [
      ['Content-Type', 'application/soap+xml; charset=utf-8'],
      ['Content-Length', byteLength(xml)],
      ['Connection', 'close'],
    ],
    xml,
  );
}
