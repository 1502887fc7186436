// ONVIF GetDeviceInformation with a WS-Security UsernameToken (OASIS Web Services Security
// UsernameToken Profile 1.0, as the ONVIF Core Specification §5.12 requires). Pure: the nonce, the
// time and SHA-1 are passed in.

/** The fixed entry point of the ONVIF device management service (ONVIF Core Specification §5.1.1). */
export const onvifDevicePath = '/onvif/device_service';

const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const digestType =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const base64Type =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

/** SHA-1 of bytes. */
export type Sha1 = (bytes: Uint8Array) => Uint8Array;

const encoder = new TextEncoder();

/** Base64 of bytes (standard alphabet, padded). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** PasswordDigest = Base64(SHA-1(nonce + created + password)), nonce as raw bytes (WSS UsernameToken §3.1). */
export function passwordDigest(
  nonce: Uint8Array,
  created: string,
  password: string,
  sha1: Sha1,
): string {
  const rest = encoder.encode(created + password);
  const all = new Uint8Array(nonce.length + rest.length);
  all.set(nonce);
  all.set(rest, nonce.length);
  return toBase64(sha1(all));
}

/** `2010-09-16T07:50:45Z`: UTC, whole seconds, as devices compare it. */
export function wsuCreated(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function xmlText(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

export interface UsernameToken {
  user: string;
  password: string;
  nonce: Uint8Array;
  now: Date;
}

/** The SOAP 1.2 envelope of a GetDeviceInformation request carrying one UsernameToken. */
export function buildGetDeviceInformation(t: UsernameToken, sha1: Sha1): string {
  const created = wsuCreated(t.now);
  const digest = passwordDigest(t.nonce, created, t.password, sha1);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
    `<s:Header><wsse:Security s:mustUnderstand="1" xmlns:wsse="${wsse}" xmlns:wsu="${wsu}">` +
    `<wsse:UsernameToken><wsse:Username>${xmlText(t.user)}</wsse:Username>` +
    `<wsse:Password Type="${digestType}">${digest}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${base64Type}">${toBase64(t.nonce)}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>` +
    '<s:Body><tds:GetDeviceInformation/></s:Body></s:Envelope>'
  );
}
