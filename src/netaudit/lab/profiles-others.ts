// Devices that are not covered: Uniview (PRC-origin, not a §889 entity) and controls that a
// scanner must not flag: an Axis camera, a plain nginx host and a non-camera RTSP server.
import { randomChars } from './rng.js';
import type { DeviceContext, DeviceProfile, RequestHead, WireReply } from './types.js';
import { buildWsdReply, onvifScopes, readWsdProbe } from './wire-discovery.js';
import {
  byteLength,
  httpDate,
  nonce,
  rawResponse,
  requestPath,
  rtspResponse,
  syntheticFavicon,
} from './wire-http.js';

/** A WS-Discovery answerer with fixed scope pairs. */
function wsd(pairs: ReadonlyArray<readonly [string, string]>) {
  return {
    respond: (payload: Uint8Array, d: DeviceContext) => {
      const id = readWsdProbe(payload);
      return id === undefined ? undefined : buildWsdReply(id, onvifScopes(pairs), d);
    },
  };
}

type Headers = Array<[string, string]>;

function plainHeaders(
  d: DeviceContext,
  type: string,
  body: string | Uint8Array,
  server?: string,
): Headers {
  return [
    ...(server === undefined ? [] : ([['Server', server]] as Headers)),
    ['Date', httpDate(d.now)],
    ['Content-Type', type],
    ['Content-Length', byteLength(body)],
    ['Connection', 'close'],
  ];
}

const univiewPage = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title></title>
<link rel="stylesheet" href="/static/css/app.css" />
</head>
<body>
<div id="app"></div>
<script>
fetch("/LAPI/V1.0/System/DeviceInfo", { credentials: "include" }).then(function (r) { return r.json(); });
</script>
<script src="/static/js/app.js"></script>
</body>
</html>
`;

function univiewHttp(req: RequestHead, d: DeviceContext): WireReply {
  const path = requestPath(req.target);
  if (path.startsWith('/LAPI/')) {
    // The realm value is synthetic: no public Uniview 401 sample was found (§3.3).
    const auth = `Digest realm="LAPI", qop="auth", nonce="${nonce(d)}"`;
    return rawResponse(
      'HTTP/1.1 401 Unauthorized',
      [...plainHeaders(d, 'text/plain', ''), ['WWW-Authenticate', auth]],
      '',
    );
  }
  if (path === '/' || path === '/index.html')
    return rawResponse('HTTP/1.1 200 OK', plainHeaders(d, 'text/html', univiewPage), univiewPage);
  return rawResponse('HTTP/1.1 404 Not Found', plainHeaders(d, 'text/plain', ''), '');
}

const axisServer = 'Apache/2.4.62 (Unix)';
const axisRealm = (d: DeviceContext): string => `AXIS_${d.mac.replace(/:/g, '').toUpperCase()}`;
const axisPage = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8" />
<title>AXIS</title>
<meta http-equiv="refresh" content="0; URL=/camera/index.html" />
</head>
<body></body>
</html>
`;

function axisHttp(req: RequestHead, d: DeviceContext): WireReply {
  const path = requestPath(req.target);
  if (path.startsWith('/axis-cgi/') || path.startsWith('/onvif/')) {
    const auth = `Digest realm="${axisRealm(d)}", nonce="${nonce(d)}", algorithm=MD5, qop="auth"`;
    return rawResponse(
      'HTTP/1.1 401 Unauthorized',
      [...plainHeaders(d, 'text/html', '', axisServer), ['WWW-Authenticate', auth]],
      '',
    );
  }
  if (path === '/' || path === '/index.html')
    return rawResponse(
      'HTTP/1.1 200 OK',
      plainHeaders(d, 'text/html', axisPage, axisServer),
      axisPage,
    );
  if (path === '/favicon.ico') {
    const icon = syntheticFavicon(0xffcc00);
    return rawResponse('HTTP/1.1 200 OK', plainHeaders(d, 'image/x-icon', icon, axisServer), icon);
  }
  return rawResponse('HTTP/1.1 404 Not Found', plainHeaders(d, 'text/html', '', axisServer), '');
}

const nginxPage = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

function nginxHttp(req: RequestHead, d: DeviceContext): WireReply {
  const path = requestPath(req.target);
  const server = 'nginx/1.24.0';
  if (path === '/' || path === '/index.html') {
    return rawResponse(
      'HTTP/1.1 200 OK',
      [
        ...plainHeaders(d, 'text/html', nginxPage, server),
        ['ETag', '"6537cac7-267"'],
        ['Accept-Ranges', 'bytes'],
      ],
      nginxPage,
    );
  }
  const missing = `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;
  return rawResponse(
    'HTTP/1.1 404 Not Found',
    plainHeaders(d, 'text/html', missing, server),
    missing,
  );
}

/** Non-covered and control profiles. */
export const otherProfiles: readonly DeviceProfile[] = [
  {
    id: 'uniview-camera',
    summary: 'Uniview IPC322LB-SF28-A: PRC-origin, not a §889 entity',
    truth: {
      maker: 'uniview',
      model: 'IPC322LB-SF28-A',
      firmware: 'IPC_D1202-B0006P12D1907',
      deviceType: 'camera',
      covered: false,
      expectedCves: [],
    },
    oui: '48:ea:63',
    makeSerial: (rng) =>
      `210235C3${randomChars(rng, 2, 'ABCDEFGHJK')}3${randomChars(rng, 9, '0123456789')}`,
    tcp: { 80: { kind: 'request', protocol: 'http', respond: univiewHttp } },
    udp: {
      3702: wsd([
        ['type', 'video_encoder'],
        ['name', 'Uniview'],
        ['hardware', 'IPC322LB-SF28-A'],
        ['Profile', 'Streaming'],
      ]),
    },
  },
  {
    id: 'axis-camera',
    summary: 'Axis M3106-L (control: Swedish maker, not covered)',
    truth: {
      maker: 'axis',
      model: 'M3106-L',
      firmware: '10.12.220',
      deviceType: 'camera',
      covered: false,
      expectedCves: [],
    },
    oui: '00:40:8c',
    makeSerial: (rng) => `00408C${randomChars(rng, 6)}`,
    tcp: {
      80: { kind: 'request', protocol: 'http', respond: axisHttp },
      554: {
        kind: 'request',
        protocol: 'rtsp',
        respond: (req, d) =>
          req.method === 'OPTIONS'
            ? rtspResponse('200 OK', req, [
                [
                  'Public',
                  'OPTIONS, DESCRIBE, ANNOUNCE, GET_PARAMETER, PAUSE, PLAY, RECORD, SETUP, SET_PARAMETER, TEARDOWN',
                ],
                ['Server', 'GStreamer RTSP server'],
                ['Date', httpDate(d.now)],
              ])
            : rtspResponse('401 Unauthorized', req, [
                ['WWW-Authenticate', `Digest realm="${axisRealm(d)}", nonce="${nonce(d)}"`],
                ['Server', 'GStreamer RTSP server'],
                ['Date', httpDate(d.now)],
              ]),
      },
    },
    udp: {
      3702: wsd([
        ['type', 'video_encoder'],
        ['Profile', 'Streaming'],
        ['hardware', 'M3106-L'],
        ['name', 'AXIS M3106-L'],
        ['location/country', 'sweden'],
      ]),
    },
  },
  {
    id: 'generic-web',
    summary: 'nginx welcome page (control)',
    truth: {
      maker: null,
      model: null,
      firmware: null,
      deviceType: 'web-server',
      covered: false,
      expectedCves: [],
    },
    oui: '52:54:00',
    makeSerial: (rng) => randomChars(rng, 12),
    tcp: { 80: { kind: 'request', protocol: 'http', respond: nginxHttp } },
    udp: {},
  },
  {
    id: 'generic-rtsp',
    summary: 'MediaMTX-style RTSP media server (control, not a camera)',
    truth: {
      maker: null,
      model: null,
      firmware: null,
      deviceType: 'media-server',
      covered: false,
      expectedCves: [],
    },
    oui: '52:54:00',
    makeSerial: (rng) => randomChars(rng, 12),
    tcp: {
      554: {
        kind: 'request',
        protocol: 'rtsp',
        respond: (req) =>
          req.method === 'OPTIONS'
            ? rtspResponse('200 OK', req, [
                [
                  'Public',
                  'DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, PAUSE, GET_PARAMETER, TEARDOWN',
                ],
                ['Server', 'gortsplib'],
              ])
            : rtspResponse('404 Not Found', req, [['Server', 'gortsplib']]),
      },
    },
    udp: {},
  },
];
