import { ParseError } from '../../shared/errors.js';
import type { Observation } from '../observation.js';
import { xmlLeaves } from './xml-leaves.js';

/** Parses a WS-Discovery ProbeMatch: scopes (percent-decoded), and the model and name they carry. */
export function parseWsdReply(bytes: Uint8Array): Extract<Observation, { kind: 'device-info' }> {
  const leaves = xmlLeaves(bytes, 'wsd');
  // Not through leaf(): a real scope list runs past its 256-character cap.
  const scopesText = leaves.get('Scopes')?.[0]?.slice(0, 4096);
  if (scopesText === undefined) throw new ParseError('wsd', 'not a ProbeMatch with Scopes');
  const scopes = scopesText
    .split(/\s+/)
    .filter((s) => s.length > 0)
    .slice(0, 64);
  const decoded = scopes.map(percentDecode);
  const scope = (name: string): string | undefined =>
    decoded
      .find((s) => s.toLowerCase().startsWith(`onvif://www.onvif.org/${name}/`))
      ?.slice(`onvif://www.onvif.org/${name}/`.length);
  const model = scope('hardware');
  const name = scope('name');
  const mac = scope('MAC') ?? scope('mac');
  return {
    kind: 'device-info',
    source: 'wsd',
    // Keep the wire form too: kb scope patterns match the percent-encoded name (`HIKVISION%20DS-…`).
    scopes: [...new Set([...scopes, ...decoded])],
    ...(model === undefined ? {} : { model }),
    ...(name === undefined ? {} : { oem: name.split(' ')[0] ?? name }),
    ...(mac === undefined ? {} : { mac }),
  };
}

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
