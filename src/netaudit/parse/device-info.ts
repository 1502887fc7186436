// Authenticated device-information replies: Hikvision ISAPI `/ISAPI/System/deviceInfo` and ONVIF
// `GetDeviceInformation`. Both are small XML documents read with the bounded leaf reader (no
// entity expansion, size capped).
import { ParseError } from '../../shared/errors.js';
import type { Observation } from '../observation.js';
import { definedOnly } from './dhip.js';
import { leaf, xmlLeaves } from './xml-leaves.js';

type DeviceInfo = Extract<Observation, { kind: 'device-info' }>;

/**
 * Parses an ISAPI `<DeviceInfo>` (network-fingerprints.md §3.1: model, serialNumber, macAddress,
 * firmwareVersion, firmwareReleasedDate). Hikvision splits the firmware into `V5.5.82` and
 * `build 190910`; they are joined back into the form SADP and the advisories use.
 */
export function parseIsapiDeviceInfo(bytes: Uint8Array, port: number): DeviceInfo {
  const leaves = xmlLeaves(bytes, 'isapi');
  const model = leaf(leaves, 'model');
  const version = leaf(leaves, 'firmwareVersion');
  if (model === undefined && version === undefined)
    throw new ParseError('isapi', 'not a DeviceInfo document (no model or firmwareVersion)');
  const released = leaf(leaves, 'firmwareReleasedDate');
  const firmware =
    version === undefined || released === undefined ? version : `${version} ${released}`;
  return {
    kind: 'device-info',
    source: 'isapi',
    port,
    authenticated: true,
    ...definedOnly({
      model,
      firmware,
      serial: leaf(leaves, 'serialNumber'),
      mac: leaf(leaves, 'macAddress'),
      deviceType: leaf(leaves, 'deviceType'),
    }),
  };
}

/** What a GetDeviceInformation exchange returned: the information, or a SOAP fault's code. */
export type OnvifReply = { ok: true; info: DeviceInfo } | { ok: false; fault: string };

/**
 * Parses an ONVIF GetDeviceInformationResponse (ONVIF Device Management Service: Manufacturer,
 * Model, FirmwareVersion, SerialNumber, HardwareId), or the SOAP fault sent instead
 * (`ter:NotAuthorized` when the UsernameToken was refused).
 */
export function parseOnvifDeviceInformation(bytes: Uint8Array, port: number): OnvifReply {
  const leaves = xmlLeaves(bytes, 'onvif');
  const manufacturer = leaf(leaves, 'Manufacturer');
  const model = leaf(leaves, 'Model');
  const firmware = leaf(leaves, 'FirmwareVersion');
  if (manufacturer === undefined && model === undefined && firmware === undefined) {
    const codes = leaves.get('Value') ?? [];
    const reason = leaf(leaves, 'Text');
    if (codes.length === 0 && reason === undefined)
      throw new ParseError('onvif', 'neither a GetDeviceInformationResponse nor a SOAP fault');
    return { ok: false, fault: [...codes, reason ?? ''].join(' ').trim().slice(0, 200) };
  }
  const hardwareId = leaf(leaves, 'HardwareId');
  return {
    ok: true,
    info: {
      kind: 'device-info',
      source: 'onvif',
      port,
      authenticated: true,
      ...definedOnly({ manufacturer, model, firmware, serial: leaf(leaves, 'SerialNumber') }),
      ...(hardwareId === undefined ? {} : { extra: { hardwareId } }),
    },
  };
}

/** True when a SOAP fault says the credentials were refused (ONVIF Core: `ter:NotAuthorized`). */
export function isNotAuthorizedFault(fault: string): boolean {
  return /NotAuthorized|FailedAuthentication|InvalidSecurity/i.test(fault);
}
