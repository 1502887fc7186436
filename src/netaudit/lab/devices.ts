// The device catalogue (pure data): every profile the lab can emulate, with its ground truth.
import { brandProfiles } from './profiles-brands.js';
import { dahuaProfiles } from './profiles-dahua.js';
import { hikvisionProfiles } from './profiles-hikvision.js';
import { hostileProfiles } from './profiles-hostile.js';
import { otherProfiles } from './profiles-others.js';
import type { DeviceProfile } from './types.js';

export type { DeviceProfile, GroundTruth, LabDeviceType } from './types.js';

/** All profiles: covered makers and rebrands first, then controls, then misbehaving devices. */
export const deviceProfiles: readonly DeviceProfile[] = [
  ...hikvisionProfiles,
  ...dahuaProfiles,
  ...brandProfiles,
  ...otherProfiles,
  ...hostileProfiles,
];

/** Profile ids, in catalogue order. */
export const profileIds: readonly string[] = deviceProfiles.map((p) => p.id);

/** The profile with this id, or undefined. */
export function findProfile(id: string): DeviceProfile | undefined {
  return deviceProfiles.find((p) => p.id === id);
}

/** Nominal ports a profile listens on, as `{ tcp, udp }` lists. */
export function profilePorts(p: DeviceProfile): { tcp: number[]; udp: number[] } {
  return { tcp: Object.keys(p.tcp).map(Number), udp: Object.keys(p.udp).map(Number) };
}
