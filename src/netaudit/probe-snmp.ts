import { createSocket } from 'node:dgram';
import type { Observation } from './observation.js';
import { buildSnmpGet, parseSnmpResponse, sysDescr, sysObjectId } from './parse/snmp.js';

/**
 * Opt-in: one SNMPv2c GET of sysDescr.0 and sysObjectID.0 to each host (UDP 161) with the
 * community the user gave. A read, never a set; no community is ever guessed.
 */
export async function snmpProbe(
  hosts: readonly string[],
  community: string,
  windowMs: number,
): Promise<Map<string, Observation>> {
  const out = new Map<string, Observation>();
  const wanted = new Set(hosts);
  const socket = createSocket('udp4');
  socket.on('error', () => undefined);
  socket.on('message', (data, rinfo) => {
    if (!wanted.has(rinfo.address) || out.has(rinfo.address)) return;
    try {
      out.set(rinfo.address, parseSnmpResponse(new Uint8Array(data)));
    } catch {
      // Not an SNMP answer: no evidence.
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, resolve));
  const request = buildSnmpGet(community, 1, [sysDescr, sysObjectId]);
  for (const host of hosts) if (!host.includes(':')) socket.send(request, 161, host);
  await new Promise((r) => setTimeout(r, windowMs));
  socket.close();
  return out;
}
