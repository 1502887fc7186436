// The agent's HTTP client: JSON posts to its server over https (trusting the system's CAs plus the
// bundle given at enrollment) or http to a loopback server. Answers are read up to a limit, and a
// server that stops talking is given up on, so a hostile or broken server cannot hold the agent.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { UploadAnswer } from './answer.js';

/** Largest answer body read; an upload's answer is a few hundred bytes. */
const maxAnswerBytes = 256 * 1024;

export interface PostOptions {
  /** PEM bundle trusted besides the system's CAs (a self-signed server). */
  ca?: string;
  /** Bearer token. */
  token?: string;
  /** Idle time after which the request is abandoned. */
  timeoutMs: number;
}

/** Posts JSON bytes to `url`; resolves with the answer, rejects when none came. */
export function postJson(url: string, body: Uint8Array, o: PostOptions): Promise<UploadAnswer> {
  const u = new URL(url);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(body.length),
    accept: 'application/json',
  };
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  const tls = u.protocol === 'https:';
  const send = tls ? httpsRequest : httpRequest;
  const ca = o.ca === undefined ? {} : { ca: [...rootCertificates, o.ca] };
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      { method: 'POST', headers, timeout: o.timeoutMs, ...(tls ? ca : {}) },
      (res) => void readAnswer(res).then(resolve, reject),
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', (e) => reject(new Error(describe(e), { cause: e })));
    req.end(body);
  });
}

function readAnswer(res: IncomingMessage): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxAnswerBytes) chunks.push(c);
    });
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('the answer was cut off')));
    res.on('end', () => {
      const status = res.statusCode ?? 0;
      const after = Number(res.headers['retry-after']);
      resolve({
        status,
        body: Buffer.concat(chunks).toString('utf8'),
        ...(Number.isFinite(after) && after >= 0 ? { retryAfterS: after } : {}),
      });
    });
  });
}

/** A connection failure in words: refused, reset, timed out, certificate not trusted. */
function describe(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the server name does not resolve';
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN')
    return "the server's certificate is self-signed and not trusted (enroll with --ca FILE)";
  if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY')
    return "the server's certificate is not trusted (enroll with --ca FILE)";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return "the server's certificate is for another name";
  return e.message;
}
