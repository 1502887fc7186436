// Hikvision and its OEM rebrands. Shapes per network-fingerprints.md §1.2, §1.4, §2.1, §3.1:
// `App-webs/` (cameras) / `DNVRS-Webs` (NVRs), a 200 page that redirects to /doc/page/login.asp,
// Digest 401 on /ISAPI, /PSIA and /SDK (deviceInfo and ONVIF answer the lab credential), RTSP 401, the 16-byte SDK reply on TCP 8000, SADP on
// UDP 37020, WS-Discovery on UDP 3702.
import { randomChars } from './rng.js';
import type { DeviceContext, DeviceProfile, GroundTruth, RequestHead, WireReply } from './types.js';
import {
  buildSadpReply,
  buildWsdReply,
  onvifScopes,
  readSadpInquiry,
  readWsdProbe,
} from './wire-discovery.js';
import type { SadpFields } from './wire-discovery.js';
import {
  hasValidDigest,
  isapiDeviceInfo,
  onvifDeviceService,
  type LabDeviceInfo,
} from './wire-auth.js';
import {
  byteLength,
  httpDate,
  nonce,
  rawResponse,
  requestPath,
  rtspResponse,
  syntheticFavicon,
} from './wire-http.js';

/** The Hikvision SDK port's reply to a silent connection (nmap NULL probe, §1.2). */
export const hikvisionSdkReply = Uint8Array.from([
  0, 0, 0, 0x10, 0, 0, 0, 0x1e, 0, 0, 0, 0x1e, 0, 0, 0, 0,
]);

interface HikvisionSpec {
  id: string;
  summary: string;
  truth: GroundTruth;
  oui: string;
  server: string;
  /** HTTP realm on protected paths; a function of the serial for the "IP Camera(xxxxx)" form. */
  httpRealm: (serial: string) => string;
  rtspRealm: (serial: string) => string;
  /** `<title>` of the root page, when the firmware sets one (OEM branding). */
  title?: string;
  sadp: Omit<SadpFields, 'model' | 'firmware'>;
  /** ONVIF `name/` value (percent-encoded on the wire). */
  onvifName: string;
  /** Manufacture date embedded in DeviceSN (YYYYMMDD). */
  snDate: string;
  favicon: number;
}

/** `IP Camera(D5678)`: the realm suffix looks like a serial fragment (§1.4, unverified). */
const ipCameraRealm = (serial: string): string =>
  `IP Camera(${serial.slice(-9, -8)}${serial.slice(-4)})`;

function rootPage(title: string | undefined): string {
  const titleTag = title === undefined ? '' : `<title>${title}</title>\n`;
  return `<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n<meta http-equiv="Pragma" content="no-cache" />\n<meta http-equiv="Cache-Control" content="no-cache" />\n<meta http-equiv="Expires" content="0" />\n${titleTag}</head>\n<body>\n<script>\nwindow.location.href = "/doc/page/login.asp?_" + (new Date()).getTime();\n</script>\n</body>\n</html>\n`;
}

function loginPage(title: string): string {
  return `<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n<title>${title}</title>\n<link rel="stylesheet" type="text/css" href="../css/ui.css" />\n<script type="text/javascript" src="../script/lib/require/require.js" data-main="../script/login/main"></script>\n</head>\n<body>\n<div id="login" class="login"><img src="../ui/images/config-icons.png" style="display:none" /></div>\n</body>\n</html>\n`;
}

const unauthorizedBody =
  '<!DOCTYPE html>\n<html><head><title>Document Error: Unauthorized</title></head>\n<body><h2>Access Error: 401 -- Unauthorized</h2>\n<p>Authentication Error</p>\n</body>\n</html>\n';
const notFoundBody =
  '<!DOCTYPE html>\n<html><head><title>Document Error: Page not found</title></head>\n<body><h2>Access Error: 404 -- Not Found</h2>\n<p>Cannot open URL</p>\n</body>\n</html>\n';

/** What the device states once authenticated (ISAPI deviceInfo, ONVIF GetDeviceInformation). */
function authenticatedInfo(spec: HikvisionSpec): LabDeviceInfo {
  return {
    manufacturer: spec.onvifName.split(' ')[0] ?? 'HIKVISION',
    model: spec.truth.model ?? '',
    firmware: spec.truth.firmware ?? '',
    deviceType: spec.truth.deviceType === 'nvr' ? 'NVR' : 'IPCamera',
  };
}

function hikvisionHttp(spec: HikvisionSpec) {
  const favicon = syntheticFavicon(spec.favicon);
  const info = authenticatedInfo(spec);
  return (req: RequestHead, d: DeviceContext): WireReply => {
    const path = requestPath(req.target);
    const common = (type: string, body: string | Uint8Array): Array<[string, string]> => [
      ['Date', httpDate(d.now)],
      ['Server', spec.server],
      ['Connection', 'close'],
      ['Content-Length', byteLength(body)],
      ['Content-Type', type],
    ];
    const onvif = onvifDeviceService(req, d, info);
    if (onvif !== undefined) return onvif;
    if (path === '/ISAPI/System/deviceInfo' && hasValidDigest(req, d, spec.httpRealm(d.serial))) {
      const xml = isapiDeviceInfo(info, d);
      return rawResponse('HTTP/1.1 200 OK', common('application/xml', xml), xml);
    }
    if (/^\/(?:ISAPI|PSIA|SDK)\//i.test(path)) {
      const auth = `Digest qop="auth", realm="${spec.httpRealm(d.serial)}", nonce="${nonce(d, 48)}", stale="FALSE"`;
      return rawResponse(
        'HTTP/1.1 401 Unauthorized',
        [...common('text/html', unauthorizedBody), ['WWW-Authenticate', auth]],
        unauthorizedBody,
      );
    }
    const page = (body: string | Uint8Array, type = 'text/html'): WireReply =>
      rawResponse(
        'HTTP/1.1 200 OK',
        [...common(type, body), ['X-Frame-Options', 'SAMEORIGIN'], ['Cache-Control', 'no-cache']],
        body,
      );
    if (path === '/' || path === '/index.html') return page(rootPage(spec.title));
    if (path === '/doc/page/login.asp') return page(loginPage(spec.title ?? ''));
    if (path === '/favicon.ico') return page(favicon, 'image/x-icon');
    return rawResponse('HTTP/1.1 404 Not Found', common('text/html', notFoundBody), notFoundBody);
  };
}

function hikvisionProfile(spec: HikvisionSpec): DeviceProfile {
  const model = spec.truth.model ?? '';
  const firmware = spec.truth.firmware ?? '';
  const sadp: SadpFields = { ...spec.sadp, model, firmware };
  return {
    id: spec.id,
    summary: spec.summary,
    truth: spec.truth,
    oui: spec.oui,
    // Model, YYYYMMDD, then a letter-led serial: DS-2CD2143G0-I20190910AAWRD12345678 (§2.1).
    makeSerial: (rng) =>
      `${model}${spec.snDate}AAWR${randomChars(rng, 1, 'CDEFGJ')}${randomChars(rng, 8, '0123456789')}`,
    tcp: {
      80: { kind: 'request', protocol: 'http', respond: hikvisionHttp(spec) },
      554: {
        kind: 'request',
        protocol: 'rtsp',
        respond: (req, d) =>
          rtspResponse('401 Unauthorized', req, [
            [
              'WWW-Authenticate',
              `Digest realm="${spec.rtspRealm(d.serial)}", nonce="${nonce(d)}", stale="FALSE"`,
            ],
            ['Date', httpDate(d.now)],
          ]),
      },
      8000: { kind: 'banner', bytes: hikvisionSdkReply, delayMs: 10 },
    },
    udp: {
      37020: {
        respond: (payload, d) => {
          const uuid = readSadpInquiry(payload);
          return uuid === undefined ? undefined : buildSadpReply(uuid, sadp, d);
        },
      },
      3702: {
        respond: (payload, d) => {
          const id = readWsdProbe(payload);
          const scopes = onvifScopes([
            ['type', 'video_encoder'],
            ['Profile', 'Streaming'],
            ['Profile', 'G'],
            ['Profile', 'T'],
            ['type', 'Network_Video_Transmitter'],
            ['location/city', 'hangzhou'],
            ['hardware', model],
            ['name', spec.onvifName],
          ]);
          return id === undefined ? undefined : buildWsdReply(id, scopes, d);
        },
      },
    },
  };
}

const cameraModel = 'DS-2CD2143G0-I';
const cameraTruth = (firmware: string, cves: string[]): GroundTruth => ({
  maker: 'hikvision',
  model: cameraModel,
  firmware,
  deviceType: 'camera',
  covered: true,
  expectedCves: cves,
});
const cameraSadp = {
  deviceType: '142378',
  dspVersion: 'V7.3 build 190815',
  analogChannels: 0,
  digitalChannels: 1,
  disks: 0,
};

/** Hikvision profiles: a vulnerable camera, the same camera patched, an NVR, and an LTS rebrand. */
export const hikvisionProfiles: readonly DeviceProfile[] = [
  hikvisionProfile({
    id: 'hikvision-camera',
    summary: 'Hikvision DS-2CD2143G0-I, firmware vulnerable to CVE-2021-36260',
    truth: cameraTruth('V5.5.82build 190910', ['CVE-2021-36260']),
    oui: '44:19:b6',
    server: 'App-webs/',
    httpRealm: ipCameraRealm,
    rtspRealm: () => 'Hikvision',
    sadp: cameraSadp,
    onvifName: `HIKVISION ${cameraModel}`,
    snDate: '20190910',
    favicon: 0x1a1acc,
  }),
  hikvisionProfile({
    id: 'hikvision-camera-patched',
    summary: 'Hikvision DS-2CD2143G0-I on the fixed build 210628',
    truth: cameraTruth('V5.5.800build 210628', []),
    oui: '44:19:b6',
    server: 'App-webs/',
    httpRealm: ipCameraRealm,
    rtspRealm: () => 'Hikvision',
    sadp: { ...cameraSadp, dspVersion: 'V7.3 build 210601' },
    onvifName: `HIKVISION ${cameraModel}`,
    snDate: '20210702',
    favicon: 0x1a1acc,
  }),
  hikvisionProfile({
    id: 'hikvision-nvr',
    summary: 'Hikvision DS-7608NI-K2 NVR, patched 2023 firmware',
    truth: {
      maker: 'hikvision',
      model: 'DS-7608NI-K2',
      firmware: 'V4.61.005 build 230412',
      deviceType: 'nvr',
      covered: true,
      expectedCves: [],
    },
    oui: 'bc:ad:28',
    server: 'DNVRS-Webs',
    // "DVRNVRDVS" is the realm of Hikvision recorders (from memory of real replies; unverified).
    httpRealm: () => 'DVRNVRDVS',
    rtspRealm: () => 'Hikvision',
    sadp: {
      deviceType: '8631',
      dspVersion: 'V5.0, build 230301',
      analogChannels: 0,
      digitalChannels: 8,
      disks: 1,
    },
    onvifName: 'HIKVISION DS-7608NI-K2',
    snDate: '20230518',
    favicon: 0x1a1acd,
  }),
  hikvisionProfile({
    id: 'lts-camera',
    summary: 'LTS-branded Hikvision DS-2CD2143G0-I (OEM): LTS title, OEMinfo, name/ and OUI',
    truth: { ...cameraTruth('V5.5.82build 190910', ['CVE-2021-36260']), brand: 'lts' },
    oui: '14:2f:fd',
    // OEM firmware drops App-webs/ for the plain `webserver` some Hikvision builds send (§1.4).
    server: 'webserver',
    title: 'LTS',
    httpRealm: ipCameraRealm,
    rtspRealm: ipCameraRealm,
    sadp: { ...cameraSadp, oemInfo: 'LTS' },
    onvifName: 'LTS',
    snDate: '20190910',
    favicon: 0x2b2bdd,
  }),
];
