// What a host says about itself (pure): MAC, name, model, firmware and kind of device, from its
// observations. The device's own authenticated statement outranks discovery replies; the kind of
// device comes from what the device says, else from its model's product family, else from a
// fingerprint that implies one.
import { normalizeDeviceType, productOfModel, type DeviceType, type Kb } from '../kb/index.js';
import type { Evidence } from './evidence.js';
import type { Observation } from './observation.js';

export interface HostFacts {
  mac?: string;
  hostname?: string;
  model?: string;
  firmware?: string;
  /** What the device called itself (`IPC`, `NVR`, a SADP type number), as sent. */
  deviceTypeRaw?: string;
  openPorts: number[];
}

/** The facts a host's observations state, authenticated reads first. */
export function hostFacts(observations: readonly Observation[]): HostFacts {
  const facts: Omit<HostFacts, 'openPorts'> = {};
  const ports = new Set<number>();
  const authenticated = (o: Observation): boolean =>
    o.kind === 'device-info' && o.authenticated === true;
  for (const o of [
    ...observations.filter(authenticated),
    ...observations.filter((x) => !authenticated(x)),
  ]) {
    if (o.kind === 'mac') facts.mac ??= o.mac.toLowerCase();
    if (o.kind === 'hostname') facts.hostname ??= o.name;
    if (o.kind === 'open-port' && o.protocol === 'tcp') ports.add(o.port);
    if (o.kind === 'device-info') {
      if (o.mac !== undefined) facts.mac ??= o.mac.toLowerCase().replaceAll('-', ':');
      if (o.model !== undefined) facts.model ??= o.model;
      if (o.firmware !== undefined) facts.firmware ??= o.firmware;
      if (o.deviceType !== undefined && normalizeDeviceType(o.deviceType) !== undefined)
        facts.deviceTypeRaw ??= o.deviceType;
    }
    if (o.kind === 'inventory') {
      if (o.model !== undefined) facts.model ??= o.model;
      if (o.firmware !== undefined) facts.firmware ??= o.firmware;
    }
  }
  return { ...facts, openPorts: [...ports].sort((a, b) => a - b) };
}

/** The kind of device, and what says so; undefined when nothing does. */
export function deviceTypeOf(
  kb: Kb,
  facts: HostFacts,
  evidence: readonly Evidence[],
): { deviceType: DeviceType; basis: string } | undefined {
  if (facts.deviceTypeRaw !== undefined) {
    const t = normalizeDeviceType(facts.deviceTypeRaw);
    if (t !== undefined)
      return { deviceType: t, basis: `the device says "${facts.deviceTypeRaw}"` };
  }
  if (facts.model !== undefined) {
    const product = productOfModel(kb, facts.model);
    if (product !== undefined)
      return { deviceType: product.deviceType, basis: `model ${facts.model}: ${product.name}` };
  }
  const byId = fingerprintsById(kb);
  for (const e of evidence) {
    const fp = byId.get(e.fingerprint);
    if (fp?.deviceType !== undefined && fp.deviceType !== 'unknown')
      return { deviceType: fp.deviceType, basis: `fingerprint ${fp.id}` };
  }
  return undefined;
}

const byIdCache = new WeakMap<Kb, ReadonlyMap<string, Kb['fingerprints'][number]>>();

function fingerprintsById(kb: Kb): ReadonlyMap<string, Kb['fingerprints'][number]> {
  let m = byIdCache.get(kb);
  if (m === undefined) byIdCache.set(kb, (m = new Map(kb.fingerprints.map((f) => [f.id, f]))));
  return m;
}
