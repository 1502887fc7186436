import type { Result } from '../../shared/errors.js';
import type { Observation } from '../observation.js';
import { definedOnly, parseDhipReply } from './dhip.js';
import { dvripObservations, parseDvripReply } from './dvrip.js';
import { header, parseResponseHead } from './response-head.js';
import { parseSadpReply } from './sadp.js';
import { parseWsdReply } from './wsd.js';

/** Parses one discovery reply by protocol; a malformed one is a value, not a crash. */
export function parseDiscoveryReply(
  protocol: 'sadp' | 'dhip' | 'dvrip' | 'wsd' | 'ssdp',
  data: Uint8Array,
): Result<Observation[]> {
  try {
    switch (protocol) {
      case 'dhip':
        return { ok: true, value: [parseDhipReply(data)] };
      case 'dvrip': {
        const reply = parseDvripReply(data);
        return reply === null
          ? { ok: false, issues: ['not a DVRIP discovery reply'] }
          : { ok: true, value: dvripObservations(reply) };
      }
      case 'sadp':
        return { ok: true, value: [parseSadpReply(data)] };
      case 'wsd':
        return { ok: true, value: [parseWsdReply(data)] };
      case 'ssdp': {
        const head = parseResponseHead(data, 'ssdp');
        const server = header(head, 'server');
        const location = header(head, 'location');
        const extra = definedOnly({ server, location });
        return {
          ok: true,
          value: [{ kind: 'device-info', source: 'ssdp', extra: extra }],
        };
      }
    }
  } catch (e) {
    return { ok: false, issues: [(e as Error).message] };
  }
}
