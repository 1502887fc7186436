// Consumer brands of covered makers and a Hytera device: each answers as that product does, as far
// as public captures show (network-fingerprints.md §1, §2; the sources are named per profile).
// The scanner has to report the maker behind the brand *and* the brand itself.
import { hikvisionSdkReply } from './profiles-hikvision.js';
import { randomChars } from './rng.js';
import type { DeviceContext, DeviceProfile, RequestHead, WireReply } from './types.js';
import {
  buildDhipReply,
  buildSadpReply,
  buildWsdReply,
  isDhipSearch,
  onvifScopes,
  readSadpInquiry,
  readWsdProbe,
  type DhipFields,
} from './wire-discovery.js';
import {
  byteLength,
  httpDate,
  nonce,
  rawResponse,
  requestPath,
  rtspResponse,
} from './wire-http.js';

/**
 * EZVIZ (Hikvision's consumer brand) CS-C6TC: a user's report on an EZVIZ camera (pyEzvizApi #274)
 * finds only the SDK port (8000, Hikvision's greeting) and TLS open, no RTSP or ONVIF; its SADP
 * reply carries the CS- model in DeviceDescription and no OEMinfo. The brand shows in the MAC block
 * (IEEE registrant Hangzhou Ezviz Software) and the CS- model code. Firmware built 2022: no CVE.
 */
const ezvizCamera: DeviceProfile = {
  id: 'ezviz-camera',
  summary: 'EZVIZ CS-C6TC-32WFR (Hikvision consumer brand): SADP, SDK port 8000, EZVIZ MAC block',
  truth: {
    maker: 'hikvision',
    brand: 'ezviz',
    model: 'CS-C6TC-32WFR',
    firmware: 'V5.3.8 build 220530',
    deviceType: 'camera',
    covered: true,
    expectedCves: [],
  },
  oui: '0c:a6:4c',
  makeSerial: (rng) => `CS-C6TC-32WFR0120220530CCCH${randomChars(rng, 9, '0123456789')}`,
  tcp: { 8000: { kind: 'banner', bytes: hikvisionSdkReply, delayMs: 10 } },
  udp: {
    37020: {
      respond: (payload, d) => {
        const uuid = readSadpInquiry(payload);
        return uuid === undefined
          ? undefined
          : buildSadpReply(
              uuid,
              {
                deviceType: '41107',
                model: 'CS-C6TC-32WFR',
                firmware: 'V5.3.8 build 220530',
                dspVersion: 'V7.3 build 220520',
                analogChannels: 0,
                digitalChannels: 1,
                disks: 0,
              },
              d,
            );
      },
    },
  },
};

/** A Dahua-made consumer camera answering DHIP (and WS-Discovery with its model) under a brand. */
function dahuaBrandCamera(spec: {
  id: string;
  summary: string;
  brand: string;
  model: string;
  firmware: string;
  oui: string;
  dhip: Pick<DhipFields, 'vendor' | 'sdkPort'>;
  tcp: DeviceProfile['tcp'];
  onvif: boolean;
}): DeviceProfile {
  const dhip: DhipFields = {
    ...spec.dhip,
    deviceClass: 'IPC',
    model: spec.model,
    firmware: spec.firmware,
    videoInputs: 1,
  };
  return {
    id: spec.id,
    summary: spec.summary,
    truth: {
      maker: 'dahua',
      brand: spec.brand,
      model: spec.model,
      firmware: spec.firmware,
      deviceType: 'camera',
      covered: true,
      expectedCves: [],
    },
    oui: spec.oui,
    makeSerial: (rng) => `${randomChars(rng, 7)}PAG${randomChars(rng, 4)}`,
    tcp: spec.tcp,
    udp: {
      37810: {
        respond: (payload, d) => (isDhipSearch(payload) ? buildDhipReply(dhip, d) : undefined),
      },
      ...(spec.onvif
        ? {
            3702: {
              respond: (payload: Uint8Array, d: DeviceContext) => {
                const id = readWsdProbe(payload);
                const scopes = onvifScopes([
                  ['Profile', 'Streaming'],
                  ['hardware', spec.model],
                  ['type', 'Network_Video_Transmitter'],
                ]);
                return id === undefined ? undefined : buildWsdReply(id, scopes, d);
              },
            },
          }
        : {}),
    },
  };
}

/**
 * Imou (Hangzhou Huacheng, Dahua's consumer brand): port 37777 and ONVIF, as users of Dahua
 * integrations report (rroller/dahua #6). No public DHIP capture of an Imou device gives its Vendor
 * field, so it says "General" as other Dahua-made firmware does (Shadowserver test data); the brand
 * shows in the MAC block (IEEE registrant Hangzhou Huacheng Network Technology).
 */
const imouCamera = dahuaBrandCamera({
  id: 'imou-camera',
  summary:
    'Imou IPC-A22EP (Dahua consumer brand): DHIP Vendor "General", 37777, Huacheng MAC block',
  brand: 'imou',
  model: 'IPC-A22EP',
  firmware: '2.840.0000000.22.R.230508',
  oui: '1c:4d:89',
  dhip: { vendor: 'General' },
  tcp: { 37777: { kind: 'silent' } },
  onvif: true,
});

/**
 * Lorex W461ASC: Rapid7's 2024 research script shows a Lorex 2K camera's DHIP reply with Vendor
 * "Lorex", Manufacturer "Private", DeviceClass IPC, DeviceType W461ASC and Port 35000; users find
 * only 35000 and RTSP 554 open (rroller/dahua #331); Lorex RTSP asks for a "Login to <serial>"
 * digest realm (recog, nmap). MAC from Lorex's own IEEE block.
 */
const lorexCamera = dahuaBrandCamera({
  id: 'lorex-camera',
  summary: 'Lorex W461ASC (Dahua-made): DHIP Vendor "Lorex", port 35000, realm "Login to <serial>"',
  brand: 'lorex',
  model: 'W461ASC',
  firmware: '2.800.0000000.8.R.230912',
  oui: '00:1f:54',
  dhip: { vendor: 'Lorex', sdkPort: 35000 },
  tcp: {
    554: {
      kind: 'request',
      protocol: 'rtsp',
      respond: (req, d) =>
        rtspResponse('401 Unauthorized', req, [
          ['WWW-Authenticate', `Digest realm="Login to ${d.serial}", nonce="${nonce(d)}"`],
        ]),
    },
    35000: { kind: 'silent' },
  },
  onvif: false,
});

/**
 * A Hytera DMR repeater's web management page. No public capture of a Hytera web page was found, so
 * the page is synthetic: it names Hytera as vendor pages do — in the title and a copyright line with
 * the company's legal name — which is what the generic page-name rule reads. MAC from Hytera's block.
 */
const hyteraPage = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8" />
<title>Hytera Repeater</title>
</head>
<body>
<form id="login" method="post" action="/login"><input name="user" /><input name="password" type="password" /></form>
<div class="footer">Copyright &copy; 2019 Hytera Communications Corporation Limited. All rights reserved.</div>
</body>
</html>
`;

function hyteraHttp(req: RequestHead, d: DeviceContext): WireReply {
  const headers = (type: string, body: string): Array<[string, string]> => [
    ['Date', httpDate(d.now)],
    ['Content-Type', type],
    ['Content-Length', byteLength(body)],
    ['Connection', 'close'],
  ];
  const path = requestPath(req.target);
  if (path === '/' || path === '/index.html' || path === '/login')
    return rawResponse('HTTP/1.1 200 OK', headers('text/html', hyteraPage), hyteraPage);
  return rawResponse('HTTP/1.1 404 Not Found', headers('text/plain', ''), '');
}

const hyteraRepeater: DeviceProfile = {
  id: 'hytera-repeater',
  summary: 'Hytera DMR repeater web page (synthetic; names Hytera in its title and copyright line)',
  truth: {
    maker: 'hytera',
    model: null,
    firmware: null,
    deviceType: 'radio',
    covered: true,
    expectedCves: [],
  },
  oui: '64:69:bc',
  makeSerial: (rng) => `RD985${randomChars(rng, 8, '0123456789')}`,
  tcp: { 80: { kind: 'request', protocol: 'http', respond: hyteraHttp } },
  udp: {},
};

/** EZVIZ, Imou and Lorex consumer cameras, and a Hytera repeater. */
export const brandProfiles: readonly DeviceProfile[] = [
  ezvizCamera,
  imouCamera,
  lorexCamera,
  hyteraRepeater,
];
