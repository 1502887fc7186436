// Opt-in: read device information with the one credential pair the user gave. Hikvision ISAPI
// `GET /ISAPI/System/deviceInfo` with HTTP Digest, ONVIF `GetDeviceInformation` with a WS-Security
// UsernameToken. One attempt per device service; a refusal is reported, never retried, and no
// other user name or password is ever tried (that would be guessing).
import { createHash, randomBytes } from 'node:crypto';
import type { Kb } from '../kb/index.js';
import { planDeviceAuth, type AuthEndpoint } from './device-auth-plan.js';
import type { Observation } from './observation.js';
import {
  isNotAuthorizedFault,
  parseIsapiDeviceInfo,
  parseOnvifDeviceInformation,
} from './parse/device-info.js';
import {
  chooseAuth,
  digestAuthorization,
  parseChallenges,
  type AuthChoice,
  type HexHash,
} from './parse/http-digest.js';
import { buildGetDeviceInformation, onvifDevicePath } from './parse/onvif-request.js';
import { header, parseResponseHead, type ResponseHead } from './parse/response-head.js';
import { headComplete } from './probe-services.js';
import { exchange, withDeadline } from './probe-tcp.js';

export interface DeviceCredential {
  user: string;
  password: string;
}

export interface DeviceAuthOptions {
  credential: DeviceCredential;
  /** Answer a Basic-only challenge, over TLS only. */
  allowBasicAuth: boolean;
  /** Decides which hosts look like ISAPI devices. */
  kb: Kb;
  asOf: string;
}

interface Bounds {
  timeoutMs: number;
  maxBytes: number;
}

const isapiPath = '/ISAPI/System/deviceInfo';
const userAgent = 'sousveil-netaudit (read-only)';
const hex: HexHash = (hash, text) => createHash(hash).update(text, 'utf8').digest('hex');
const sha1 = (bytes: Uint8Array): Uint8Array => createHash('sha1').update(bytes).digest();

type Note = Extract<Observation, { kind: 'note' }>;
const note = (source: string, at: AuthEndpoint, text: string): Note => ({
  kind: 'note',
  source,
  port: at.port,
  text,
});

/** Reads device information from every host whose earlier evidence shows ISAPI or ONVIF. */
export async function addDeviceInfo(
  results: Map<string, Observation[]>,
  o: DeviceAuthOptions & Bounds & { concurrency: number; hostTimeoutMs: number },
): Promise<void> {
  const hosts = [...results.keys()];
  for (let i = 0; i < hosts.length; i += o.concurrency) {
    await Promise.all(
      hosts.slice(i, i + o.concurrency).map(async (host) => {
        const seen = results.get(host) ?? [];
        const timedOut: Note[] = [{ kind: 'note', source: 'device-info', text: 'timed out' }];
        seen.push(
          ...(await withDeadline(readDeviceInfo(host, seen, o), o.hostTimeoutMs, timedOut)),
        );
      }),
    );
  }
}

/** The authenticated reads one host gets (at most one ISAPI and one ONVIF request with credentials). */
export async function readDeviceInfo(
  host: string,
  seen: readonly Observation[],
  o: DeviceAuthOptions & Bounds,
): Promise<Observation[]> {
  const plan = planDeviceAuth(o.kb, seen, o.asOf);
  const out: Observation[] = [];
  if (plan.isapi !== undefined) out.push(...(await readIsapi(host, plan.isapi, o)));
  if (plan.onvif !== undefined) out.push(...(await readOnvif(host, plan.onvif, o)));
  return out;
}

async function request(
  host: string,
  at: AuthEndpoint,
  text: string,
  o: Bounds,
): Promise<ResponseHead | undefined> {
  const r = await exchange(host, at.port, {
    timeoutMs: o.timeoutMs,
    maxBytes: o.maxBytes,
    send: text,
    done: headComplete,
    tls: at.tls,
  });
  try {
    return parseResponseHead(r.data, 'http');
  } catch {
    return undefined;
  }
}

function get(host: string, path: string, authorization?: string): string {
  const auth = authorization === undefined ? '' : `Authorization: ${authorization}\r\n`;
  return `GET ${path} HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: ${userAgent}\r\nAccept: application/xml\r\n${auth}\r\n`;
}

/** The challenge round trip, then one authenticated GET. */
async function readIsapi(
  host: string,
  at: AuthEndpoint,
  o: DeviceAuthOptions & Bounds,
): Promise<Observation[]> {
  const challenge = await request(host, at, get(host, isapiPath), o);
  if (challenge === undefined)
    return [note('isapi', at, 'no HTTP answer to the challenge request')];
  if (challenge.status !== 401)
    return [
      note(
        'isapi',
        at,
        `deviceInfo answered HTTP ${challenge.status} without credentials; none sent`,
      ),
    ];
  const values = challenge.headers
    .filter(([n]) => n.toLowerCase() === 'www-authenticate')
    .map(([, v]) => v);
  const choice = chooseAuth(parseChallenges(values), { tls: at.tls, allowBasic: o.allowBasicAuth });
  if (choice.kind === 'none') return [note('isapi', at, `credentials not sent: ${choice.reason}`)];
  const authorization = authorize(choice, o.credential);
  const reply = await request(host, at, get(host, isapiPath, authorization), o);
  const scheme = choice.kind === 'basic' ? 'Basic' : `Digest ${choice.algorithm}`;
  if (reply === undefined)
    return [note('isapi', at, 'no HTTP answer to the authenticated request')];
  if (reply.status === 401)
    return [note('isapi', at, `credentials refused (HTTP 401 to ${scheme}); not retried`)];
  if (reply.status !== 200)
    return [note('isapi', at, `authenticated request answered HTTP ${reply.status}`)];
  try {
    const info = parseIsapiDeviceInfo(reply.body, at.port);
    return [
      info,
      note('isapi', at, `device information read with the given credentials (${scheme})`),
    ];
  } catch {
    return [note('isapi', at, 'the authenticated reply is not a DeviceInfo document')];
  }
}

/** The Authorization value for the chosen scheme: Digest (RFC 7616), or Basic where allowed. */
function authorize(
  choice: Exclude<AuthChoice, { kind: 'none' }>,
  { user, password }: DeviceCredential,
): string {
  if (choice.kind === 'basic')
    return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  const { challenge, algorithm } = choice;
  const cnonce = randomBytes(16).toString('hex');
  return digestAuthorization(
    { challenge, algorithm, user, password, method: 'GET', uri: isapiPath, cnonce, nc: 1 },
    hex,
  );
}

/** One SOAP request carrying the UsernameToken; no unauthenticated round trip is needed. */
async function readOnvif(
  host: string,
  at: AuthEndpoint,
  o: DeviceAuthOptions & Bounds,
): Promise<Observation[]> {
  const body = buildGetDeviceInformation(
    { ...o.credential, nonce: randomBytes(16), now: new Date() },
    sha1,
  );
  const action = 'http://www.onvif.org/ver10/device/wsdl/GetDeviceInformation';
  const text =
    `POST ${onvifDevicePath} HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: ${userAgent}\r\n` +
    `Content-Type: application/soap+xml; charset=utf-8; action="${action}"\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const reply = await request(host, at, text, o);
  if (reply === undefined) return [note('onvif', at, 'no HTTP answer to GetDeviceInformation')];
  if (reply.status === 401) {
    const asks =
      header(reply, 'www-authenticate') === undefined
        ? ''
        : '; the device asks for HTTP authentication instead';
    return [
      note('onvif', at, `credentials refused (HTTP 401 to the UsernameToken${asks}); not retried`),
    ];
  }
  let parsed;
  try {
    parsed = parseOnvifDeviceInformation(reply.body, at.port);
  } catch {
    return [
      note('onvif', at, `GetDeviceInformation answered HTTP ${reply.status} without a SOAP reply`),
    ];
  }
  if (parsed.ok)
    return [
      parsed.info,
      note('onvif', at, 'device information read with the given credentials (UsernameToken)'),
    ];
  return isNotAuthorizedFault(parsed.fault)
    ? [note('onvif', at, `credentials refused (SOAP fault ${parsed.fault}); not retried`)]
    : [note('onvif', at, `GetDeviceInformation failed (SOAP fault ${parsed.fault})`)];
}
