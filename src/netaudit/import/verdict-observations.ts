// Judging an uploaded sousveil JSON scan again instead of believing it (pure): each piece of
// evidence becomes the observation that would have produced it (its `seen` value where its
// fingerprint kind looks), and the host's stated facts become a device-information claim. The
// upload's conclusions (maker, covered, restrictions, confidence) are never read: identifyHost
// over these observations decides, with this kb, so evidence that does not match is worth nothing.
import type { HostVerdict } from '../fuse.js';
import type { HostObservations, Observation } from '../observation.js';

/** Where re-derived observations say they came from. */
const source = 'upload';

/** The observations an uploaded verdict's evidence and facts stand for. */
export function observationsFromVerdict(host: HostVerdict): HostObservations {
  const observations: Observation[] = [];
  for (const e of host.evidence) {
    const o = observationOf(e.kind, e.seen, e.probe);
    if (o !== undefined) observations.push(o);
  }
  if (host.mac !== undefined) observations.push({ kind: 'mac', source, mac: host.mac });
  if (host.hostname !== undefined)
    observations.push({ kind: 'hostname', source, name: host.hostname });
  for (const port of host.openPorts)
    observations.push({ kind: 'open-port', source, port, protocol: 'tcp' });
  const facts = {
    ...(host.model === undefined ? {} : { model: host.model }),
    ...(host.firmware === undefined ? {} : { firmware: host.firmware }),
    ...(host.deviceType === undefined ? {} : { deviceType: host.deviceType }),
  };
  if (Object.keys(facts).length > 0) observations.push({ kind: 'device-info', source, ...facts });
  return { address: host.address, observations };
}

/** True when the upload stated a maker or coverage that the re-derived verdict does not bear out. */
export function claimsMoreThan(uploaded: HostVerdict, derived: HostVerdict): boolean {
  return (
    (uploaded.covered && !derived.covered) ||
    (uploaded.maker !== undefined && uploaded.maker !== derived.maker)
  );
}

function observationOf(
  kind: string | undefined,
  seen: string,
  probe: string,
): Observation | undefined {
  const port = Number(/:(\d{1,5})\b/.exec(probe)?.[1] ?? 0);
  const http = (fields: HttpFields): Observation => httpAt(port, fields);
  switch (kind) {
    case 'mac-prefix':
      return { kind: 'mac', source, mac: seen };
    case 'http-server':
      return http({ server: seen });
    case 'http-title':
      return http({ title: seen });
    case 'http-body':
      return http({ body: seen });
    case 'http-realm':
      return http({ wwwAuthenticate: seen });
    case 'favicon-md5':
      return http({ faviconMd5: seen });
    case 'favicon-mmh3':
      return http({ faviconMmh3: seen });
    case 'rtsp-server':
      return { kind: 'rtsp', source, port, server: seen };
    case 'rtsp-realm':
      return { kind: 'rtsp', source, port, wwwAuthenticate: seen };
    case 'tls-subject':
      return { kind: 'tls', source, port, subject: seen };
    case 'tls-issuer':
      return { kind: 'tls', source, port, issuer: seen };
    default:
      return otherObservation(kind, seen, probe, port);
  }
}

function otherObservation(
  kind: string | undefined,
  seen: string,
  probe: string,
  port: number,
): Observation | undefined {
  switch (kind) {
    case 'snmp-pen':
      return { kind: 'snmp', source, sysObjectId: `1.3.6.1.4.1.${seen}` };
    case 'onvif-scope':
      return { kind: 'device-info', source, scopes: seen.split(' ') };
    case 'model-code':
      return { kind: 'device-info', source, model: seen };
    case 'cloud-domain':
      return { kind: 'dns-query', source, name: seen };
    case 'telnet-banner':
      return { kind: 'service', source, banner: seen };
    case 'sdk-banner':
      return { kind: 'sdk', source, port, replyHex: seen };
    case 'name':
      // A name claim is weighed as an inventory's statement, whatever weight the upload gave it.
      return { kind: 'inventory', source, maker: seen };
    case 'protocol':
      return protocolReply(probe);
    case 'structure':
      return httpAt(port, { headerNames: headerNamesOf(seen) });
    default:
      return undefined;
  }
}

type HttpFields = Partial<Extract<Observation, { kind: 'http' }>>;

function httpAt(port: number, fields: HttpFields): Observation {
  return { kind: 'http', source, port, tls: false, ...fields };
}

/**
 * A discovery reply (SADP, DHIP, DVRIP) as the probe named it. A claimed authenticated device
 * read is not re-created: the upload cannot show it was authenticated.
 */
function protocolReply(probe: string): Observation | undefined {
  const protocol = /^(sadp|dhip|dvrip)\b/.exec(probe)?.[1];
  return protocol === undefined ? undefined : { kind: 'device-info', source: protocol };
}

/** The header names a "no Server header; CONNECTION, CONTENT-LENGTH" note lists. */
function headerNamesOf(seen: string): string[] {
  const list = /^no Server header; (.*)$/.exec(seen)?.[1];
  return list === undefined ? [] : list.split(', ');
}
