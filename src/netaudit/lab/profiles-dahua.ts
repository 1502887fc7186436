// Dahua and its OEM rebrands. Shapes per network-fingerprints.md §1.2-1.4, §2.2, §3.2: no Server
// header and upper-case header names on HTTP, a BOM before an XHTML doctype, `WEB SERVICE`,
// `Dahua Rtsp Server`, TCP 37777 open, DHIP on UDP 37810, DVRIP discovery on UDP 5050,
// WS-Discovery with location/country/china, and an ONVIF device service that answers
// GetDeviceInformation for the lab credential.
import { isDvripSearch } from '../parse/dvrip.js';
import { randomChars, randomInt } from './rng.js';
import type { DeviceContext, DeviceProfile, GroundTruth, RequestHead, WireReply } from './types.js';
import {
  buildDhipReply,
  buildWsdReply,
  isDhipSearch,
  onvifScopes,
  readWsdProbe,
} from './wire-discovery.js';
import type { DhipFields } from './wire-discovery.js';
import { buildDvripReply, type DvripFields } from './wire-dvrip.js';
import { onvifDeviceService, type LabDeviceInfo } from './wire-auth.js';
import {
  byteLength,
  nonce,
  rawResponse,
  requestPath,
  rtspResponse,
  syntheticFavicon,
  utf8,
  concatBytes,
} from './wire-http.js';

interface DahuaSpec {
  id: string;
  summary: string;
  truth: GroundTruth;
  oui: string;
  dhip: Omit<DhipFields, 'model' | 'firmware'>;
  dvrip: Pick<DvripFields, 'hostname' | 'modelAfterMac'>;
  /** RTSP 401 headers after CSeq (realm and Server vary between Dahua and OEM firmware). */
  rtspAuth: (serial: string, d: DeviceContext) => Array<[string, string]>;
  onvifName: string;
  /** Extra markup for OEM branding. */
  branding: string;
  serialPrefix: string;
  serialLength: number;
  favicon: number;
}

const bom = Uint8Array.from([0xef, 0xbb, 0xbf]);

function webPage(branding: string): string {
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>WEB SERVICE</title>
<link rel="stylesheet" type="text/css" href="jsBase/widget/css/ui.css?version=@WebVersion@" />
<script type="text/javascript" src="jsBase/lib/jquery.js?version=@WebVersion@"></script>
<script type="text/javascript" src="jsCore/rpcCore.js?version=@WebVersion@"></script>
</head>
<body>
${branding}<div id="login" class="ui-dialog-content">
<div class="ui-video-wrap-icon"></div>
<input type="text" id="login_user" class="t_username" maxlength="32" />
<input type="password" id="login_psw" class="t_password" maxlength="32" />
<select id="slct_userType"><option value="0">TCP</option></select>
<a class="u-button" id="b_login">Login</a>
</div>
</body>
</html>
`;
}

function dahuaHttp(spec: DahuaSpec) {
  const page = concatBytes(bom, utf8(webPage(spec.branding)));
  const favicon = syntheticFavicon(spec.favicon);
  const info: LabDeviceInfo = {
    manufacturer: spec.dhip.vendor,
    model: spec.truth.model ?? '',
    firmware: spec.truth.firmware ?? '',
    deviceType: spec.dhip.deviceClass,
  };
  return (req: RequestHead, d: DeviceContext): WireReply => {
    const path = requestPath(req.target);
    const headers = (type: string, body: string | Uint8Array): Array<[string, string]> => [
      ['CONNECTION', 'close'],
      ['CONTENT-LENGTH', byteLength(body)],
      ['CONTENT-TYPE', type],
      ['CACHE-CONTROL', 'max-age=0'],
      [
        'ETag',
        `"${byteLength(body)}:${(Math.floor(d.now.getTime() / 1000) - 86400).toString(16)}"`,
      ],
      ['X-Frame-Options', 'SAMEORIGIN'],
    ];
    const onvif = onvifDeviceService(req, d, info);
    if (onvif !== undefined) return onvif;
    if (path === '/RPC2_Login' && req.method === 'POST') {
      // The unauthenticated first step of global.login leaks the MAC and the serial (§3.2).
      const body = JSON.stringify({
        error: { code: 268632079, message: 'Component error: login challenge!' },
        id: 1,
        params: {
          authorization: nonce(d, 40),
          encryption: 'Default',
          mac: d.mac.replace(/:/g, '').toUpperCase(),
          random: String(1_000_000 + randomInt(d.rng, 8_999_999)),
          realm: `Login to ${d.serial}`,
        },
        result: false,
        session: 1_000_000_000 + randomInt(d.rng, 999_999_999),
      });
      return rawResponse('HTTP/1.1 200 OK', headers('application/json', body), body);
    }
    if (path.startsWith('/cgi-bin/') || path === '/RPC2') {
      const auth = `Digest realm="Login to ${d.serial}", qop="auth", nonce="${randomInt(d.rng, 2 ** 31)}", opaque="${nonce(d, 40)}"`;
      return rawResponse(
        'HTTP/1.1 401 Unauthorized',
        [...headers('text/plain', ''), ['WWW-Authenticate', auth]],
        '',
      );
    }
    if (path === '/' || path === '/index.html')
      return rawResponse('HTTP/1.1 200 OK', headers('text/html', page), page);
    if (path === '/favicon.ico')
      return rawResponse('HTTP/1.1 200 OK', headers('image/x-icon', favicon), favicon);
    const missing = '<html><head><title>404 Not Found</title></head><body>Not Found</body></html>';
    return rawResponse('HTTP/1.1 404 Not Found', headers('text/html', missing), missing);
  };
}

function dahuaProfile(spec: DahuaSpec): DeviceProfile {
  const model = spec.truth.model ?? '';
  const firmware = spec.truth.firmware ?? '';
  const dhip: DhipFields = { ...spec.dhip, model, firmware };
  const dvrip: DvripFields = { ...spec.dvrip, model, firmware };
  return {
    id: spec.id,
    summary: spec.summary,
    truth: spec.truth,
    oui: spec.oui,
    makeSerial: (rng) => {
      const tail = spec.serialLength - spec.serialPrefix.length;
      return spec.serialPrefix === ''
        ? `${randomChars(rng, 7)}PAG${randomChars(rng, 4)}`
        : `${spec.serialPrefix}${randomChars(rng, tail)}`;
    },
    tcp: {
      80: { kind: 'request', protocol: 'http', respond: dahuaHttp(spec) },
      554: {
        kind: 'request',
        protocol: 'rtsp',
        respond: (req, d) => rtspResponse('401 Unauthorized', req, spec.rtspAuth(d.serial, d)),
      },
      // DVRIP: open, and silent until spoken to in the binary protocol.
      37777: { kind: 'silent' },
    },
    udp: {
      37810: {
        respond: (payload, d) => (isDhipSearch(payload) ? buildDhipReply(dhip, d) : undefined),
      },
      5050: {
        respond: (payload, d) => (isDvripSearch(payload) ? buildDvripReply(dvrip, d) : undefined),
      },
      3702: {
        respond: (payload, d) => {
          const id = readWsdProbe(payload);
          const scopes = onvifScopes([
            ['location/country', 'china'],
            ['name', spec.onvifName],
            ['hardware', model],
            ['Profile', 'Streaming'],
            ['type', 'Network_Video_Transmitter'],
            ['extension', 'unique_identifier'],
          ]);
          return id === undefined ? undefined : buildWsdReply(id, scopes, d);
        },
      },
    },
  };
}

const dahuaRtsp = (): Array<[string, string]> => [
  ['WWW-Authenticate', 'Basic realm="device"'],
  ['Server', 'Dahua Rtsp Server'],
];

/** Dahua profiles: a camera on 2020 firmware (two KEV CVEs), a 2023 NVR, and an Amcrest rebrand. */
export const dahuaProfiles: readonly DeviceProfile[] = [
  dahuaProfile({
    id: 'dahua-camera',
    summary: 'Dahua IPC-HDW5431R-ZE, firmware built 2020-04-22 (CVE-2021-33044/33045)',
    truth: {
      maker: 'dahua',
      model: 'IPC-HDW5431R-ZE',
      firmware: '2.800.0000000.16.R.200422',
      deviceType: 'camera',
      covered: true,
      expectedCves: ['CVE-2021-33044', 'CVE-2021-33045'],
    },
    oui: '3c:ef:8c',
    dhip: { deviceClass: 'IPC', vendor: 'Dahua', videoInputs: 1 },
    dvrip: { hostname: 'IPC', modelAfterMac: false },
    rtspAuth: dahuaRtsp,
    onvifName: 'Dahua',
    branding: '',
    serialPrefix: '',
    serialLength: 14,
    favicon: 0x3344cc,
  }),
  dahuaProfile({
    id: 'dahua-nvr',
    summary: 'Dahua NVR4108HS-4KS2, firmware built 2023-06-15 (no listed CVE)',
    truth: {
      maker: 'dahua',
      model: 'NVR4108HS-4KS2',
      firmware: '4.001.0000000.5.R.230615',
      deviceType: 'nvr',
      covered: true,
      expectedCves: [],
    },
    oui: 'e0:50:8b',
    dhip: { deviceClass: 'NVR', vendor: 'General', videoInputs: 0 },
    // NVR firmware of this age also sends the device type after the MAC.
    dvrip: { hostname: 'NVR', modelAfterMac: true },
    rtspAuth: dahuaRtsp,
    onvifName: 'General',
    branding: '',
    serialPrefix: '',
    serialLength: 14,
    favicon: 0x3344cd,
  }),
  dahuaProfile({
    id: 'amcrest-camera',
    summary:
      'Amcrest IP4M-1041B (Dahua OEM): Dahua web UI, realm "Login to <serial>", DHIP Vendor Amcrest',
    truth: {
      maker: 'dahua',
      brand: 'amcrest',
      model: 'IP4M-1041B',
      firmware: '2.800.00AC006.0.R.211224',
      deviceType: 'camera',
      covered: true,
      expectedCves: [],
    },
    oui: '9c:8e:cd',
    dhip: { deviceClass: 'IPC', vendor: 'Amcrest', videoInputs: 1 },
    dvrip: { hostname: 'AMC', modelAfterMac: false },
    rtspAuth: (serial, d) => [
      ['WWW-Authenticate', `Digest realm="Login to ${serial}", nonce="${nonce(d)}"`],
    ],
    onvifName: 'Amcrest',
    branding:
      '<div class="oem-logo"><img src="../images/logo_amcrest.png" alt="Amcrest" /></div>\n',
    serialPrefix: 'AMC0',
    serialLength: 18,
    favicon: 0x4455aa,
  }),
];
