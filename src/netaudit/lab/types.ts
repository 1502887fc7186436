// Device lab model (pure): what an emulated device is, what it answers, and the ground truth a
// scanner's verdict is scored against.

/** What kind of box the lab is pretending to be. */
export type LabDeviceType = 'camera' | 'nvr' | 'radio' | 'web-server' | 'media-server' | 'hostile';

/** The truth a scan of this device should recover; JSON-able. */
export interface GroundTruth {
  /** kb vendor id of the real maker (`hikvision`, `dahua`, …), or null for generic/hostile hosts. */
  maker: string | null;
  /** kb vendor id of the label when it differs from the maker (OEM rebrands). */
  brand?: string;
  model: string | null;
  firmware: string | null;
  deviceType: LabDeviceType;
  /** True when the maker is a §889 / FCC Covered List entity (or an OEM rebrand of one). */
  covered: boolean;
  expectedCves: string[];
  /** For misbehaving devices: what they do. A scan only has to survive them. */
  misbehaviour?: string;
}

/** Seeded randomness: a function returning floats in [0, 1). */
export type Rng = () => number;

/** Everything a reply may depend on, for one device; built by the lab from the seed. */
export interface DeviceContext {
  address: string;
  /** Lower-case, colon-separated. */
  mac: string;
  serial: string;
  uuid: string;
  /** Nominal port ("80") -> port actually bound (80, or 8080 when remapped). */
  ports: Readonly<Record<string, number>>;
  now: Date;
  rng: Rng;
  /** The one user name and password the device accepts on its authenticated surfaces. */
  credential: { user: string; password: string };
}

/** A parsed request head (HTTP or RTSP). */
export interface RequestHead {
  method: string;
  target: string;
  headers: ReadonlyMap<string, string>;
  /** The request body (Content-Length bytes, bounded), as Latin-1 text; absent when empty. */
  body?: string;
}

/** Bytes to send back; `close` ends the connection after writing. */
export interface WireReply {
  bytes: Uint8Array;
  close: boolean;
}

/** A source of chunks for streaming misbehaviour: `null` ends the stream. */
export interface ChunkStream {
  /** Written once, right away. */
  prefix?: string;
  next: (index: number, rng: Rng) => Uint8Array | null;
  intervalMs: number;
}

export type TcpService =
  /** Reads one request head per exchange and answers it. */
  | {
      kind: 'request';
      protocol: 'http' | 'rtsp';
      respond: (req: RequestHead, d: DeviceContext) => WireReply;
    }
  /** Sends fixed bytes shortly after connect, then keeps listening (the Hikvision SDK port). */
  | { kind: 'banner'; bytes: Uint8Array; delayMs: number }
  /** Accepts and never says anything. */
  | { kind: 'silent' }
  /** Accepts, then resets the connection. */
  | { kind: 'reset' }
  /** Streams chunks, paced and with backpressure, after connect or after the first bytes. */
  | { kind: 'stream'; afterRequest: boolean; stream: (d: DeviceContext) => ChunkStream };

/** A UDP answerer: the reply datagram, or undefined to stay quiet. */
export interface UdpService {
  respond: (payload: Uint8Array, d: DeviceContext) => Uint8Array | undefined;
}

/** One kind of emulated device. */
export interface DeviceProfile {
  id: string;
  summary: string;
  truth: GroundTruth;
  /** First three MAC octets, e.g. `44:19:b6`. */
  oui: string;
  makeSerial: (rng: Rng) => string;
  /** Keyed by nominal port number. */
  tcp: Readonly<Record<number, TcpService>>;
  udp: Readonly<Record<number, UdpService>>;
}
