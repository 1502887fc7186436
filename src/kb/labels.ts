// Words for people (pure): the labels the CLI and the observatory show for the kb's codes, so no
// page prints `emergency-system`, `prc-origin` or `US-VT`.
import type { CoverageStatus } from './status.js';

export const categoryLabels: Record<CoverageStatus, string> = {
  named: 'named entity',
  affiliate: 'subsidiary or affiliate of a named entity',
  oem: 'sells equipment made by a named entity',
  'former-affiliate': 'former subsidiary or affiliate',
  'in-scope': 'in scope of a rule on a whole class',
  'prc-origin': 'based in the PRC, not named',
  'not-covered': 'not covered',
};

export const relationLabels: Record<string, string> = {
  subsidiary: 'subsidiary of',
  affiliate: 'affiliate of',
  brand: 'brand of',
  oem: 'sells equipment made by',
  shareholder: 'part-owned by',
};

export const restrictionKindLabels: Record<string, string> = {
  'procurement-ban': 'procurement ban',
  'use-ban': 'ban on contractors using it',
  'authorization-ban': 'ban on new equipment authorisations',
  'covered-list': 'list of covered equipment',
  'export-control': 'export control',
  'government-removal': 'removal from government sites',
  'testing-requirement': 'testing requirement',
  'operating-ban': 'ban on operating',
  'investment-ban': 'ban on investing in it',
};

export const fingerprintKindLabels: Record<string, string> = {
  'mac-prefix': 'MAC address block',
  'http-server': 'web server banner',
  'http-title': 'web page title',
  'http-body': 'web page content',
  'http-realm': 'web login realm',
  'favicon-md5': 'favicon (MD5)',
  'favicon-mmh3': 'favicon (MurmurHash3)',
  'rtsp-server': 'video stream server banner',
  'rtsp-realm': 'video stream login realm',
  'tls-subject': 'certificate subject',
  'tls-issuer': 'certificate issuer',
  'snmp-pen': 'SNMP enterprise number',
  'onvif-scope': 'ONVIF discovery scope',
  'model-code': 'model code',
  'cloud-domain': 'vendor cloud domain',
  'telnet-banner': 'telnet banner',
  'sdk-banner': 'SDK port greeting',
  name: 'name stated by the device',
  protocol: 'vendor discovery protocol',
  structure: 'page structure',
};

export const inputKindLabels: Record<string, string> = {
  mac: 'MAC address',
  'mac-prefix': 'MAC prefix',
  'snmp-oid': 'SNMP OID',
  'favicon-md5': 'favicon MD5',
  domain: 'domain',
  name: 'name',
  banner: 'banner or model',
};

const subdivisions: Record<string, string> = {
  'US-VT': 'Vermont',
  'US-TX': 'Texas',
  'US-NE': 'Nebraska',
  'US-FL': 'Florida',
  'US-CA': 'California',
};

// Made on first use: loading ICU's region names costs start-up time to commands that never ask.
let regions: Intl.DisplayNames | undefined;

/** A jurisdiction or country code in words: `US` -> United States, `US-VT` -> Vermont (United States). */
export function placeName(code: string): string {
  if (code === 'EU') return 'European Union';
  const sub = subdivisions[code];
  const country = code.split('-')[0] ?? code;
  let name = country;
  try {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    name = regions.of(country) ?? country;
  } catch {
    // An unknown code stays as written.
  }
  return sub === undefined ? name : `${sub} (${name})`;
}

/** A code in words: `emergency-system` -> `emergency system`. */
export function words(code: string): string {
  return code.replaceAll('-', ' ');
}
