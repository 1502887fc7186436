import {
  matchDomain,
  matchKind,
  matchMac,
  parseMac,
  type Fingerprint,
  type FingerprintKind,
  type Kb,
} from '../kb/index.js';
import { nameClaim, namesIn, namesInCertificate, namesInPage } from './evidence-names.js';
import type { Observation } from './observation.js';

/** One signal about a host: which probe saw what, which kb fingerprint (or rule) it matched, how strongly. */
export interface Evidence {
  /** The observation's source: a probe (`http:80`, `sadp`) or an import format (`nmap-xml`). */
  probe: string;
  /** What was seen, verbatim (bounded). */
  seen: string;
  /** The kb fingerprint id, or `rule:<name>` for a structural rule. */
  fingerprint: string;
  kind: FingerprintKind | 'name' | 'protocol' | 'structure';
  /** The vendor this evidence points to (a maker or a brand; fusion resolves brands to makers). */
  vendor: string;
  brand?: string;
  weight: number;
  sources: readonly string[];
}

const maxSeen = 200;
const clip = (s: string): string => (s.length > maxSeen ? `${s.slice(0, maxSeen)}…` : s);

/** Matches one observation against the kb; pure, bounded by the observation's size. */
export function evidenceFrom(kb: Kb, o: Observation): Evidence[] {
  const port = 'port' in o ? `${o.source}:${String(o.port)}` : o.source;
  const at =
    o.kind === 'device-info' && o.authenticated === true ? `${port} (authenticated)` : port;
  const out: Evidence[] = [];
  const add = (kind: FingerprintKind, value: string | undefined): void => {
    if (value === undefined || value === '') return;
    for (const fp of matchKind(kb.index, kind, value)) out.push(fromFingerprint(at, value, fp));
  };
  switch (o.kind) {
    case 'http':
      add('http-server', o.server);
      add('http-realm', o.wwwAuthenticate);
      add('http-title', o.title);
      add('http-body', o.body);
      add('favicon-md5', o.faviconMd5);
      add('favicon-mmh3', o.faviconMmh3);
      out.push(
        ...dahuaWebUi(at, o),
        ...namesIn(kb, at, o.title, 0.5),
        ...namesInPage(kb, at, o.body),
      );
      break;
    case 'rtsp':
      add('rtsp-server', o.server);
      add('rtsp-realm', o.wwwAuthenticate);
      break;
    case 'tls':
      add('tls-subject', o.subject);
      add('tls-issuer', o.issuer);
      out.push(...namesInCertificate(kb, at, o.subject), ...namesInCertificate(kb, at, o.issuer));
      break;
    case 'sdk':
      add('sdk-banner', o.replyHex);
      break;
    case 'device-info':
      out.push(...deviceInfoEvidence(kb, at, o));
      break;
    case 'mac':
      out.push(...macEvidence(kb, at, o.mac));
      break;
    case 'dns-query':
      for (const fp of matchDomain(kb.index, o.name)) out.push(fromFingerprint(at, o.name, fp));
      break;
    case 'service':
      out.push(...serviceEvidence(kb, at, o));
      break;
    case 'snmp': {
      const pen = /^\.?1\.3\.6\.1\.4\.1\.(\d+)/.exec(o.sysObjectId ?? '')?.[1];
      add('snmp-pen', pen);
      out.push(...nameClaim(kb, at, o.sysDescr, 0.5));
      break;
    }
    case 'inventory':
      out.push(...nameClaim(kb, at, o.maker, 0.6));
      add('model-code', o.model);
      break;
    case 'open-port':
    case 'hostname':
    case 'note':
      break;
  }
  return out;
}

function fromFingerprint(probe: string, seen: string, fp: Fingerprint): Evidence {
  return {
    probe,
    seen: clip(seen),
    fingerprint: fp.id,
    kind: fp.kind,
    vendor: fp.vendor,
    ...(fp.brand === undefined ? {} : { brand: fp.brand }),
    weight: fp.weight,
    sources: fp.sources,
  };
}

function macEvidence(kb: Kb, probe: string, mac: string): Evidence[] {
  const hex = parseMac(mac);
  if (hex === undefined) return [];
  return matchMac(kb.index, hex).map((fp) => fromFingerprint(probe, mac, fp));
}

const dahuaDiscovery = ['fp-dahuaconsole-discover', 'fp-universalscanner-dahua'];

/**
 * Discovery protocols of one maker. The rule names the maker, never a label: OEM rebrands answer
 * the maker's protocol too, so the brand comes from other evidence (a Vendor field, a realm).
 * DVRIP weighs a little less than DHIP: its reply is recognised by a magic byte and a fixed body
 * length, not by a named method in JSON.
 */
export const protocolOwners: Readonly<
  Record<string, { vendor: string; weight: number; sources: readonly string[] }>
> = {
  sadp: { vendor: 'hikvision', weight: 0.9, sources: ['fp-nmap-service-probes'] },
  dhip: { vendor: 'dahua', weight: 0.9, sources: dahuaDiscovery },
  dvrip: { vendor: 'dahua', weight: 0.8, sources: dahuaDiscovery },
};

function deviceInfoEvidence(
  kb: Kb,
  probe: string,
  o: Extract<Observation, { kind: 'device-info' }>,
): Evidence[] {
  const out: Evidence[] = [];
  const owner = o.authenticated === true ? undefined : protocolOwners[o.source];
  if (owner) {
    const said = [o.model, o.serial && `serial ${o.serial}`].filter(Boolean).join(', ');
    out.push({
      probe,
      seen: clip(said === '' ? `${o.source} reply` : `${o.source} reply: ${said}`),
      fingerprint: `rule:${o.source}-reply`,
      kind: 'protocol',
      ...owner,
    });
  }
  if (o.authenticated === true) out.push(...authenticatedEvidence(probe, o));
  const claimWeight = o.authenticated === true ? 0.9 : 0.7;
  out.push(
    ...nameClaim(kb, probe, o.manufacturer, claimWeight),
    ...nameClaim(kb, probe, o.oem, 0.4),
  );
  if (o.model !== undefined) {
    for (const fp of matchKind(kb.index, 'model-code', o.model))
      out.push(fromFingerprint(probe, o.model, fp));
  }
  const scopes = o.scopes?.join(' ');
  if (scopes !== undefined) {
    for (const fp of matchKind(kb.index, 'onvif-scope', scopes))
      out.push(fromFingerprint(probe, scopes, fp));
    // The name scope is a label the device gives itself ("HIKVISION DS-2CD2143G0-I", "EZVIZ H9c").
    for (const scope of (o.scopes ?? []).flatMap((x) => x.split(/\s+/))) {
      const name = /^onvif:\/\/www\.onvif\.org\/name\/(.+)$/.exec(scope)?.[1];
      if (name !== undefined) out.push(...namesIn(kb, probe, name.replaceAll('%20', ' '), 0.4));
    }
  }
  if (o.mac !== undefined) out.push(...macEvidence(kb, probe, o.mac));
  return out;
}

/**
 * Makers whose own device API answered an authenticated read: ISAPI is Hikvision's (its OEM
 * firmware answers it too, so a brand still resolves to the maker). The device itself is the source.
 */
const authenticatedOwners: Record<string, { vendor: string; sources: string[] }> = {
  isapi: { vendor: 'hikvision', sources: [] },
};

/**
 * A device-information read with the user's credentials: the device's own statement of its model
 * and firmware. It names the maker only where the API is the maker's own (ISAPI); ONVIF's
 * Manufacturer is a name claim like any other, weighted higher because it was read authenticated.
 */
function authenticatedEvidence(
  probe: string,
  o: Extract<Observation, { kind: 'device-info' }>,
): Evidence[] {
  const owner = authenticatedOwners[o.source];
  if (owner === undefined) return [];
  const facts = [
    o.model === undefined ? '' : `model ${o.model}`,
    o.firmware === undefined ? '' : `firmware ${o.firmware}`,
  ].filter((f) => f !== '');
  return [
    {
      probe,
      seen: clip(
        `device information (authenticated)${facts.length ? `: ${facts.join(', ')}` : ''}`,
      ),
      fingerprint: `rule:${o.source}-device-info`,
      kind: 'protocol',
      vendor: owner.vendor,
      weight: 0.95,
      sources: owner.sources,
    },
  ];
}

function serviceEvidence(
  kb: Kb,
  probe: string,
  o: Extract<Observation, { kind: 'service' }>,
): Evidence[] {
  const out: Evidence[] = [];
  for (const text of [o.banner, o.product]) {
    if (text === undefined) continue;
    for (const kind of [
      'http-server',
      'rtsp-server',
      'http-realm',
      'rtsp-realm',
      'telnet-banner',
    ] as const) {
      for (const fp of matchKind(kb.index, kind, text)) out.push(fromFingerprint(probe, text, fp));
    }
  }
  // Another tool's product label ("Hikvision IP camera httpd") names the maker as a word.
  const product = `${o.product ?? ''} ${o.version ?? ''}`.toLowerCase();
  for (const word of product.split(/[^a-z0-9-]+/)) {
    const vendor = word.length >= 3 ? kb.names.get(word) : undefined;
    if (vendor !== undefined && kb.vendors.get(vendor)?.kind === 'company') {
      out.push({
        probe,
        seen: clip(product.trim()),
        fingerprint: `name:${vendor}`,
        kind: 'name',
        vendor,
        weight: 0.6,
        sources: kb.vendors.get(vendor)?.sources ?? [],
      });
      break;
    }
  }
  return out;
}

/**
 * Dahua web UIs send no Server header, upper-case header names (`CONNECTION:`) and a byte-order
 * mark before the page (facts from nmap's service probes and Greenbone's detection, re-derived).
 */
function dahuaWebUi(probe: string, o: Extract<Observation, { kind: 'http' }>): Evidence[] {
  if (o.server !== undefined || o.headerNames === undefined) return [];
  const upper = o.headerNames.filter(
    (h) => h === 'CONNECTION' || h === 'CONTENT-LENGTH' || h === 'CACHE-CONTROL',
  ).length;
  const bom = o.body?.startsWith('\uFEFF') === true;
  if (upper < 2 && !(upper >= 1 && bom)) return [];
  return [
    {
      probe,
      seen: `no Server header; ${o.headerNames.slice(0, 4).join(', ')}`,
      fingerprint: 'rule:dahua-web-ui-headers',
      kind: 'structure',
      vendor: 'dahua',
      weight: 0.6,
      sources: ['fp-nmap-service-probes', 'fp-greenbone-dahua-http'],
    },
  ];
}
