// Which advisories apply to a device (pure): an advisory's affected ranges name products (device
// types and model patterns, per vendor) and firmware (versions, build dates); a device is affected
// only when both fit. What cannot be told is said, with the reason, and never called "affected".
import type { Kb } from './kb.js';
import type { Advisory, AffectedRange, DeviceType } from './schema.js';
import { firmwareFit } from './versions.js';

/** What is known about one device. `vendors`: its maker and brand (kb ids). */
export interface DeviceFacts {
  vendors: readonly string[];
  deviceType?: DeviceType | undefined;
  model?: string | undefined;
  firmware?: string | undefined;
}

/** `affected`: product and firmware in range; `may-apply`: something needed is unknown. */
export type AdvisoryStatus = 'affected' | 'may-apply';

/** One advisory as it stands for one device. */
export interface AdvisoryAssessment {
  advisory: Advisory;
  status: AdvisoryStatus;
  /** Why it only may apply ("device type unknown", "firmware version unknown"); absent when affected. */
  reason?: string;
  /** The products the advisory covers, in words ("cameras: IPC_E0, IPC_E2 …"). */
  scope: string;
  /** The range the device fell in (affected) or could fall in (may apply). */
  range: AffectedRange;
}

type Fit = { fit: 'in' | 'out' } | { fit: 'unknown'; reason: string };

/** Advisories of the device's vendors that apply to it or may apply; those ruled out are left out. */
export function assessAdvisories(kb: Kb, device: DeviceFacts): AdvisoryAssessment[] {
  const out: AdvisoryAssessment[] = [];
  for (const a of kb.advisories) {
    const assessed = assessAdvisory(a, device);
    if (assessed !== undefined) out.push(assessed);
  }
  return out;
}

/** One advisory against one device: affected, may apply (with the reason), or undefined when ruled out. */
export function assessAdvisory(a: Advisory, device: DeviceFacts): AdvisoryAssessment | undefined {
  let maybe: { range: AffectedRange; reason: string } | undefined;
  for (const range of a.affected) {
    if (!(range.vendors ?? a.vendors).some((v) => device.vendors.includes(v))) continue;
    const product = productFit(range, device);
    if (product.fit === 'out') continue;
    const firmware = firmwareFit(range, device.firmware);
    if (firmware.fit === 'out') continue;
    if (product.fit === 'in' && firmware.fit === 'in')
      return { advisory: a, status: 'affected', scope: advisoryScope(a), range };
    const reasons = [product, firmware].flatMap((f) => (f.fit === 'unknown' ? [f.reason] : []));
    maybe ??= { range, reason: reasons.join('; ') };
  }
  if (maybe === undefined) return undefined;
  return {
    advisory: a,
    status: 'may-apply',
    reason: maybe.reason,
    scope: advisoryScope(a),
    range: maybe.range,
  };
}

function productFit(range: AffectedRange, device: DeviceFacts): Fit {
  const types = range.deviceTypes;
  if (range.models !== undefined && device.model !== undefined)
    return new RegExp(range.models, 'i').test(device.model) ? { fit: 'in' } : { fit: 'out' };
  if (types !== undefined && device.deviceType !== undefined && device.deviceType !== 'unknown')
    if (!types.includes(device.deviceType)) return { fit: 'out' };
  if (range.models !== undefined) return { fit: 'unknown', reason: 'model unknown' };
  if (types === undefined) return { fit: 'unknown', reason: 'no product scope' };
  return device.deviceType !== undefined && device.deviceType !== 'unknown'
    ? { fit: 'in' }
    : { fit: 'unknown', reason: 'device type unknown' };
}

const typeWords: Record<DeviceType, string> = {
  camera: 'cameras',
  nvr: 'NVRs',
  dvr: 'DVRs',
  xvr: 'XVRs',
  intercom: 'intercoms',
  gateway: 'gateways',
  router: 'routers',
  radio: 'radios',
  unknown: 'devices',
};

/** The products an advisory covers, in words: device types, then the product lines named. */
export function advisoryScope(a: Advisory): string {
  const types = new Set<DeviceType>();
  for (const r of a.affected) for (const t of r.deviceTypes ?? []) types.add(t);
  const products = [...new Set(a.affected.map((r) => r.product))];
  const shown = products.slice(0, 4).join('; ') + (products.length > 4 ? ' …' : '');
  const kinds = [...types].map((t) => typeWords[t]).join(', ');
  return kinds === '' ? shown : `${kinds}: ${shown}`;
}
