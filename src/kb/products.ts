// What kind of device a model code or a device's own type field names (pure): product families
// from the kb for model codes; a fixed table for the type words discovery protocols send.
import type { Kb } from './kb.js';
import type { DeviceType, Product } from './schema.js';

const compiled = new WeakMap<Product, RegExp>();

function patternOf(p: Product): RegExp {
  let re = compiled.get(p);
  if (re === undefined) compiled.set(p, (re = new RegExp(p.models, 'i')));
  return re;
}

/** The product family a model code belongs to, or undefined when no family's pattern names it. */
export function productOfModel(kb: Kb, model: string): Product | undefined {
  const m = model.trim();
  if (m === '' || m.length > 100) return undefined;
  return kb.products.find((p) => patternOf(p).test(m));
}

/**
 * Type words as devices send them: DHIP `DeviceClass` (IPC, NVR, XVR, VTO), ISAPI `deviceType`
 * (IPCamera, IPDome, NVR, DVR), ONVIF device types (NetworkVideoTransmitter/-Storage).
 */
const typeWords: ReadonlyArray<[RegExp, DeviceType]> = [
  [
    /^(ipc|ipcamera|ipdome|ipd|ptz|sd|tpc|camera|thermal|network_?video_?transmitter|nvt)$/i,
    'camera',
  ],
  [/^(nvr|network_?video_?storage|nvs)$/i, 'nvr'],
  [/^(hcvr|dvr)$/i, 'dvr'],
  [/^xvr$/i, 'xvr'],
  [/^(vto|vth|intercom|doorstation)$/i, 'intercom'],
];

/** A device type from what a device says of itself, or undefined for codes it cannot read (SADP's numbers). */
export function normalizeDeviceType(raw: string): DeviceType | undefined {
  const word = raw.trim().replace(/[\s-]+/g, '');
  for (const [re, type] of typeWords) if (re.test(word)) return type;
  return undefined;
}
