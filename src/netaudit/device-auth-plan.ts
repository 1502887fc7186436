// Which authenticated device-information reads a host gets, decided from what the unauthenticated
// probes already saw. Pure. At most one read per device service: never a second port, never a retry.
import { resolveMaker, type Kb } from '../kb/index.js';
import { evidenceFrom } from './evidence.js';
import type { Observation } from './observation.js';

/** One HTTP(S) endpoint to read device information from. */
export interface AuthEndpoint {
  port: number;
  tls: boolean;
}

export interface DeviceAuthPlan {
  /** Hikvision ISAPI `/ISAPI/System/deviceInfo`, with HTTP Digest. */
  isapi?: AuthEndpoint;
  /** ONVIF `GetDeviceInformation`, with a WS-Security UsernameToken. */
  onvif?: AuthEndpoint;
}

type Http = Extract<Observation, { kind: 'http' }>;

/**
 * ISAPI only where the host's own evidence points to Hikvision (or one of its OEM brands), on the
 * web port that showed it, TLS first; ONVIF only where the host answered WS-Discovery, plain HTTP
 * first (the device service's entry point is `http://<host>/onvif/device_service`).
 */
export function planDeviceAuth(
  kb: Kb,
  observations: readonly Observation[],
  asOf: string,
): DeviceAuthPlan {
  const web = observations.filter((o): o is Http => o.kind === 'http' && o.status !== undefined);
  if (web.length === 0) return {};
  const isHikvision = (o: Observation): boolean =>
    evidenceFrom(kb, o).some(
      (e) => e.kind !== 'mac-prefix' && resolveMaker(kb, e.vendor, asOf).maker === 'hikvision',
    );
  const tlsFirst = [...web].sort((a, b) => Number(b.tls) - Number(a.tls));
  const isapiWeb =
    tlsFirst.find(isHikvision) ??
    (observations.some((o) => o.kind !== 'http' && isHikvision(o)) ? tlsFirst[0] : undefined);
  const answeredWsd = observations.some((o) => o.kind === 'device-info' && o.source === 'wsd');
  const onvifWeb = answeredWsd ? (web.find((o) => !o.tls) ?? web[0]) : undefined;
  return {
    ...(isapiWeb === undefined ? {} : { isapi: { port: isapiWeb.port, tls: isapiWeb.tls } }),
    ...(onvifWeb === undefined ? {} : { onvif: { port: onvifWeb.port, tls: onvifWeb.tls } }),
  };
}
