import { ParseError } from '../../shared/errors.js';
import type { Observation } from '../observation.js';

const headerSize = 32;
/** Largest DHIP JSON body accepted; real discovery replies are a few kilobytes. */
export const maxDhipBody = 64 * 1024;

/**
 * The DHIP discovery request (UDP 37810): a 32-byte header — LE u32 header size 0x20, ASCII "DHIP",
 * then zeros, with the JSON length (LE u32) at offsets 16 and 24 — followed by the JSON.
 * Format per mcw0/DahuaConsole `net.py`, re-expressed.
 */
export function buildDhipSearch(): Uint8Array {
  const json = new TextEncoder().encode(
    '{"method":"DHDiscover.search","params":{"mac":"","uni":1}}\n',
  );
  const out = new Uint8Array(headerSize + json.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x20, true);
  out.set(new TextEncoder().encode('DHIP'), 4);
  view.setUint32(16, json.length, true);
  view.setUint32(24, json.length, true);
  out.set(json, headerSize);
  return out;
}

/** Parses a DHIP reply (`client.notifyDevInfo`) into a device-info observation. */
export function parseDhipReply(bytes: Uint8Array): Extract<Observation, { kind: 'device-info' }> {
  if (bytes.length < headerSize || new TextDecoder().decode(bytes.subarray(4, 8)) !== 'DHIP') {
    throw new ParseError('dhip', 'not a DHIP packet', 'byte 4');
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(16, true);
  if (length > maxDhipBody || headerSize + length > bytes.length)
    throw new ParseError('dhip', `bad body length ${length}`, 'byte 16');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes.subarray(headerSize, headerSize + length)));
  } catch (e) {
    throw new ParseError('dhip', 'body is not JSON', 'byte 32', { cause: e });
  }
  const root = asRecord(json);
  const info = asRecord(asRecord(root.params).deviceInfo);
  const str = (v: unknown): string | undefined =>
    typeof v === 'string' && v.length > 0 && v.length < 256 ? v : undefined;
  const mac = str(root.mac) ?? str(info.MAC);
  const fields = {
    manufacturer: str(info.Vendor),
    model: str(info.DeviceType),
    firmware: str(info.Version),
    serial: str(info.SerialNo),
    mac,
    deviceType: str(info.DeviceClass),
  };
  return { kind: 'device-info', source: 'dhip', ...definedOnly(fields) };
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/** Drops undefined fields (the observation type forbids explicit undefined). */
export function definedOnly<T extends Record<string, unknown>>(
  o: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
