import { ParseError } from '../../shared/errors.js';
import type { Observation } from '../observation.js';
import { definedOnly } from './dhip.js';
import { leaf, xmlLeaves } from './xml-leaves.js';

/**
 * Parses a Hikvision SADP `<ProbeMatch>` reply (UDP 37020). Fields per network-fingerprints.md
 * §2.1: DeviceDescription or the start of DeviceSN is the model, SoftwareVersion the firmware.
 */
export function parseSadpReply(bytes: Uint8Array): Extract<Observation, { kind: 'device-info' }> {
  const leaves = xmlLeaves(bytes, 'sadp');
  if (!leaves.has('Types') && !leaves.has('DeviceSN') && !leaves.has('SoftwareVersion')) {
    throw new ParseError('sadp', 'not a SADP ProbeMatch (no Types, DeviceSN or SoftwareVersion)');
  }
  const serial = leaf(leaves, 'DeviceSN');
  const model = leaf(leaves, 'DeviceDescription') ?? modelFromSerial(serial);
  const fields = definedOnly({
    model,
    firmware: leaf(leaves, 'SoftwareVersion'),
    serial,
    mac: leaf(leaves, 'MAC'),
    deviceType: leaf(leaves, 'DeviceType'),
    oem: leaf(leaves, 'OEMinfo'),
  });
  return { kind: 'device-info', source: 'sadp', ...fields };
}

/** `DS-2CD2143G0-I20200114AAWRD12345678` -> `DS-2CD2143G0-I`: the model ends where the YYYYMMDD date starts. */
export function modelFromSerial(serial: string | undefined): string | undefined {
  return serial === undefined ? undefined : /^(.+?)20\d{6}[A-Z]/.exec(serial)?.[1];
}
