// Misbehaving devices. None needs a verdict; each must cost a scan bounded time and memory.
import { randomBytes, randomInt } from './rng.js';
import type {
  ChunkStream,
  DeviceProfile,
  GroundTruth,
  RequestHead,
  TcpService,
  UdpService,
} from './types.js';
import { billionLaughs, readSadpInquiry, readWsdProbe } from './wire-discovery.js';
import { byteLength, rawResponse, utf8, concatBytes } from './wire-http.js';

const hostileTruth = (misbehaviour: string): GroundTruth => ({
  maker: null,
  model: null,
  firmware: null,
  deviceType: 'hostile',
  covered: false,
  expectedCves: [],
  misbehaviour,
});

/** TCP ports every misbehaving device listens on (nominal; remapped like any other). */
const hostilePorts = [80, 554, 8000] as const;

function onAll(
  service: (port: number) => TcpService,
  ports: readonly number[] = hostilePorts,
): Record<number, TcpService> {
  return Object.fromEntries(ports.map((p) => [p, service(p)]));
}

const statusLine = (port: number): string =>
  port === 554 ? 'RTSP/1.0 200 OK\r\nCSeq: 1' : 'HTTP/1.1 200 OK';
const chunkKiB = 64;

function stream(afterRequest: boolean, make: () => ChunkStream): TcpService {
  return { kind: 'stream', afterRequest, stream: make };
}

/** Header lines forever: `X-Endless-<n>: …`, a thousand per chunk. */
const endlessHeaders = (port: number): TcpService =>
  stream(port !== 8000, () => ({
    prefix: `${statusLine(port)}\r\n`,
    intervalMs: 5,
    next: (i) =>
      utf8(Array.from({ length: 1000 }, (_, k) => `X-Endless-${i * 1000 + k}: yes\r\n`).join('')),
  }));

/** One 8 MiB `Server:` line, streamed in 64 KiB chunks, then an empty body. */
const hugeHeaderChunks = 128;
const hugeHeader = (port: number): TcpService =>
  stream(port !== 8000, () => ({
    prefix: `${statusLine(port)}\r\nServer: `,
    intervalMs: 2,
    next: (i) =>
      i < hugeHeaderChunks
        ? utf8('A'.repeat(chunkKiB * 1024))
        : i === hugeHeaderChunks
          ? utf8('\r\nContent-Length: 0\r\n\r\n')
          : null,
  }));

/** Random bytes, 64 KiB at a time, from the first moment. */
const garbageTcp = (): TcpService =>
  stream(false, () => ({ intervalMs: 5, next: (_i, rng) => randomBytes(rng, chunkKiB * 1024) }));

/** A random datagram of 1..1400 bytes in reply to anything. */
const garbageUdp: UdpService = {
  respond: (_p, d) => randomBytes(d.rng, 1 + randomInt(d.rng, 1400)),
};

/** 10,000 short headers, then a two-byte body. */
function thousandHeaders(req: RequestHead, port: number): { bytes: Uint8Array; close: boolean } {
  const headers: Array<[string, string]> = Array.from({ length: 10_000 }, (_, i) => [
    `X-H${i}`,
    String(i),
  ]);
  if (port === 554)
    return rawResponse(
      'RTSP/1.0 200 OK',
      [['CSeq', req.headers.get('cseq') ?? '0'], ...headers],
      '',
      true,
    );
  return rawResponse(
    'HTTP/1.1 200 OK',
    [...headers, ['Content-Length', '2'], ['Connection', 'close']],
    'ok',
  );
}

const bombDevice = billionLaughs(
  'DeviceInfo',
  '<deviceName>&lol9;</deviceName><model>&lol9;</model>',
);
const bombSadp = billionLaughs(
  'ProbeMatch',
  '<Types>inquiry</Types><DeviceDescription>&lol9;</DeviceDescription><SoftwareVersion>&lol9;</SoftwareVersion>',
);
const bombWsd = billionLaughs(
  'Envelope',
  '<Body><ProbeMatches><ProbeMatch><Types>&lol9;</Types><Scopes>&lol9;</Scopes></ProbeMatch></ProbeMatches></Body>',
);

/** A cycling text sent one byte per second. */
const trickleText = 'HTTP/1.1 200 OK\r\nServer: trickle\r\nX-Slow: ' + 'z'.repeat(64) + '\r\n';

/** The misbehaving profiles. */
export const hostileProfiles: readonly DeviceProfile[] = [
  {
    id: 'slowloris',
    summary: 'accepts and never sends',
    truth: hostileTruth('accepts every TCP connection and never sends a byte'),
    oui: '02:00:5e',
    makeSerial: () => '',
    tcp: onAll(() => ({ kind: 'silent' }), [...hostilePorts, 443]),
    udp: {},
  },
  {
    id: 'endless-headers',
    summary: 'a status line, then header lines forever',
    truth: hostileTruth('answers with a status line and then header lines forever'),
    oui: '02:00:5e',
    makeSerial: () => '',
    tcp: onAll(endlessHeaders),
    udp: {},
  },
  {
    id: 'huge-header',
    summary: 'one 8 MiB header line, streamed',
    truth: hostileTruth('answers with a single 8 MiB Server header line'),
    oui: '02:00:5e',
    makeSerial: () => '',
    tcp: onAll(hugeHeader),
    udp: {},
  },
  {
    id: 'garbage',
    summary: 'random bytes on every port',
    truth: hostileTruth(
      'sends random bytes on every TCP port and answers every datagram with random bytes',
    ),
    oui: '02:00:5e',
    makeSerial: () => '',
    tcp: onAll(garbageTcp, [...hostilePorts, 443]),
    udp: { 37020: garbageUdp, 37810: garbageUdp, 5050: garbageUdp, 3702: garbageUdp },
  },
  {
    id: 'thousand-headers',
    summary: '10,000 short headers',
    truth: hostileTruth('answers with 10,000 short headers'),
    oui: '02:00:5e',
    makeSerial: () => '',
    tcp: onAll(
      (port) => ({
        kind: 'request',
        protocol: port === 554 ? 'rtsp' : 'http',
        respond: (req) => thousandHeaders(req, port),
      }),
      [80, 554],
    ),
    udp: {},
  },
  {
    id: 'billion-laughs',
    summary: 'XML entity-expansion bombs on HTTP, SADP and WS-Discovery',
    truth: hostileTruth('answers HTTP, SADP and WS-Discovery with XML entity-expansion bombs'),
    oui: '02:00:5e',
    makeSerial: () => '',
    tcp: {
      80: {
        kind: 'request',
        protocol: 'http',
        respond: () =>
          rawResponse(
            'HTTP/1.1 200 OK',
            [
              ['Content-Type', 'application/xml'],
              ['Content-Length', byteLength(bombDevice)],
              ['Connection', 'close'],
            ],
            bombDevice,
          ),
      },
    },
    udp: {
      37020: { respond: (p) => (readSadpInquiry(p) === undefined ? undefined : utf8(bombSadp)) },
      3702: { respond: (p) => (readWsdProbe(p) === undefined ? undefined : utf8(bombWsd)) },
    },
  },
  {
    id: 'broken-tls',
    summary: 'port 443 answers a ClientHello with garbage',
    truth: hostileTruth(
      'answers a TLS ClientHello on 443 with a bogus record header and random bytes',
    ),
    oui: '02:00:5e',
    makeSerial: () => '',
    tcp: {
      443: stream(true, () => ({
        // A handshake record header claiming 16 KiB, then noise: not a ServerHello.
        intervalMs: 1,
        next: (i, rng) =>
          i === 0
            ? concatBytes(
                Uint8Array.from([0x16, 0x03, 0x03, 0x40, 0x00, 0x63]),
                randomBytes(rng, 2048),
              )
            : null,
      })),
    },
    udp: {},
  },
  {
    id: 'reset',
    summary: 'accepts, then resets the connection',
    truth: hostileTruth('accepts every TCP connection and resets it'),
    oui: '02:00:5e',
    makeSerial: () => '',
    tcp: onAll(() => ({ kind: 'reset' })),
    udp: {},
  },
  {
    id: 'trickle',
    summary: 'one byte per second',
    truth: hostileTruth('sends one byte per second, forever'),
    oui: '02:00:5e',
    makeSerial: () => '',
    tcp: onAll(() =>
      stream(false, () => ({
        intervalMs: 1000,
        next: (i) => utf8(trickleText[i % trickleText.length] ?? 'z'),
      })),
    ),
    udp: {},
  },
];
