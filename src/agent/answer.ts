// What an upload's answer means for the queued result (pure): sent, retried later, set aside for
// good, or the end of the run.
import { AgentUploadResult } from '../contract/sites.js';

/** The server's answer to one upload, as the HTTP client read it. */
export interface UploadAnswer {
  status: number;
  /** The body as text (bounded by the client). */
  body: string;
  /** `Retry-After` in seconds, when the server gave one as a number. */
  retryAfterS?: number;
}

export type AnswerVerdict =
  /** Saved (or saved before: the upload id was known): remove it from the queue. */
  | { kind: 'sent'; result?: AgentUploadResult }
  /** Not now (5xx, 429, 408, the network): keep it and try again later. */
  | { kind: 'retry'; reason: string; retryAfterS?: number }
  /** Never acceptable (422 and other 4xx): set it aside in rejected/ and never send it again. */
  | { kind: 'rejected'; reason: string }
  /** The token is refused (401/403) or the server has no agent API (404, 3xx): stop the run. */
  | { kind: 'stop'; reason: string };

/** Classifies an answer by its status; the server's own words (`{"error": …}`) are kept. */
export function judgeAnswer(a: UploadAnswer): AnswerVerdict {
  const reason = serverReason(a.body);
  const said = `HTTP ${a.status}${reason === undefined ? '' : `: ${reason}`}`;
  if (a.status >= 200 && a.status < 300) {
    const parsed = AgentUploadResult.safeParse(safeJson(a.body));
    return parsed.success ? { kind: 'sent', result: parsed.data } : { kind: 'sent' };
  }
  if (a.status === 401 || a.status === 403)
    return {
      kind: 'stop',
      reason: `the server refused this agent's token (${said}): it was revoked or is unknown; enroll again with a new code`,
    };
  if (a.status === 404 || (a.status >= 300 && a.status < 400))
    return {
      kind: 'stop',
      reason: `the server has no agent upload at that address (HTTP ${a.status}); check the enrolled server URL`,
    };
  if (a.status >= 500 || a.status === 429 || a.status === 408)
    return {
      kind: 'retry',
      reason: said,
      ...(a.retryAfterS === undefined ? {} : { retryAfterS: a.retryAfterS }),
    };
  return { kind: 'rejected', reason: said };
}

/** The `error` text of a JSON error body, cut to one short line. */
export function serverReason(body: string): string | undefined {
  const v = safeJson(body) as { error?: unknown } | undefined;
  return typeof v?.error === 'string' ? v.error.replace(/\s+/g, ' ').slice(0, 300) : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
