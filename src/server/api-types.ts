// The JSON API's shapes: context, request, route, errors and parameter helpers.
import type { z } from 'zod';
import type { Atlas } from '../atlas/schema.js';
import type { Basemap } from '../fieldmap/fs-basemap.js';
import type { Kb } from '../kb/index.js';
import { HttpError } from '../shared/errors.js';
import type { Agent, Site, Store, StoreArea } from '../store/index.js';
import type { AppJobs } from './app-jobs.js';
import type { LoginDeps } from '../moderation/index.js';
import type { ModeratorSessions } from './moderator-sessions.js';
import type { PackSigner } from '../reports/index.js';
import type { ReportIntake } from './report-intake.js';
import type { Uploads } from './upload-runner.js';
import type { FirmwareJobs } from './firmware-jobs.js';

export interface ApiContext {
  kb: Kb;
  store: Store;
  /** The atlas as the store holds it (cached by the caller). */
  atlas: () => Promise<Atlas>;
  /** Country shapes for the map, GeoJSON. */
  countryShapes: () => unknown;
  today: () => string;
  now: () => string;
  /** Where uploaded scans are parsed, identified and saved (a worker thread when it can). */
  uploads: Uploads;
  /** Uploaded apps waiting for or going through their audit (a worker thread when it can). */
  appJobs: AppJobs;
  /** Firmware images uploaded and scanned one at a time behind the request. */
  firmwareJobs: FirmwareJobs;
  /** The street basemap of `serve --basemap`, served at BASEMAP_PATH with range requests. */
  basemap?: Basemap;
  /** Citizen reports' photos made safe, and their random ids. */
  reports: ReportIntake;
  /** Moderators' open sessions (memory only). */
  sessions: ModeratorSessions;
  /** How a moderator's password is checked. */
  login: Omit<LoginDeps, 'moderators'>;
  /** The program's name and version, as exports name their generator (`sousveil 0.1.0`). */
  generator?: string;
  /** The key evidence packs are signed with (loaded, or made, on first use); absent: no packs. */
  evidenceSigner?: () => PackSigner;
}

/** Where the basemap file is served (fixed: the file is chosen at start, never by a request). */
export const BASEMAP_PATH = '/basemap.pmtiles';

export interface ApiRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body?: Uint8Array;
  /** The media type alone (`multipart/form-data`), lower-case. */
  contentType?: string;
  /**
   * Takes over the body's reservation in the upload budget (a job that outlives the request
   * holds its bytes): returns the function that gives it back. Not called: given back at once.
   */
  keepBody?: () => () => void;
  /** The whole Content-Type header, with its parameters (a multipart boundary). */
  contentTypeHeader?: string;
  /** The moderator whose session made a `moderator` route's request. */
  moderator?: { name: string; role: string };
  /** The session token of that request (to end it). */
  sessionToken?: string;
  /** Headers the server adds to the answer (a session cookie). */
  responseHeaders?: Record<string, string>;
  /** The agent whose token made an `agent` route's request, with its site. */
  agent?: { site: Site; agent: Agent };
  /** Sets the answer's status where it is not the route's usual one (a repeated upload: 200). */
  setStatus?: (status: number) => void;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface Param {
  name: string;
  in: 'path' | 'query';
  description: string;
  required?: boolean;
}

export interface Route<S extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under /api/v1 with `:name` parameters. */
  path: string;
  summary: string;
  params?: Param[];
  /** Whether the route changes the store (needs the token off loopback, unless `public`). */
  writes?: boolean;
  /**
   * Who may call it besides the token rules: `public`, anyone (citizen reports: still same-origin
   * only, counted per network by the report limit before its body is read, within its own upload
   * budget); `login`, anyone, counted per network (logging in); `moderator`, a moderator's session
   * (cookie), with the CSRF token on changes, and never cached; `agent`, a site's scan agent
   * (its own bearer token, looked up in the store before the body is read).
   */
  access?: 'public' | 'login' | 'moderator' | 'agent';
  /** Largest body accepted, in bytes, where neither upload limit fits (reports, firmware). */
  maxBodyBytes?: number;
  /**
   * A binary answer's media type (a moderator's view of a photo): the handler returns
   * `{ type, bytes }` and the server sends the bytes as they are.
   */
  produces?: string;
  /** The text fields of a multipart/form-data body, for the OpenAPI document. */
  form?: z.ZodObject;
  /** The file parts a form takes beside its text fields, with a description each. */
  files?: Record<string, string>;
  /** Upload body types accepted (POST). */
  accepts?: string[];
  /** Which upload limit bounds the body: scans (16 MiB) or apps (the serve option). */
  bodyLimit?: 'scan' | 'app';
  /** The status of a successful answer (default 200; 201 for POST). */
  status?: number;
  /** An answer that changes without the store changing (a job's progress): never cached. */
  volatile?: boolean;
  /** The store areas a GET's answer is read from (its cached copy goes when they change); absent means all. */
  reads?: readonly StoreArea[];
  /** The answer's shape: the one description the OpenAPI document and the web's types come from. */
  response: S;
  /**
   * Other renderings of the same answer, for `?format=csv` or `?format=html`: the same content as
   * the JSON (rows flattened for CSV; the printable report for HTML).
   */
  render?: Partial<
    Record<
      'csv' | 'html',
      (body: z.infer<S>, ctx: ApiContext, req: ApiRequest) => string | Promise<string>
    >
  >;
  handler: (ctx: ApiContext, req: ApiRequest) => Promise<z.infer<S>>;
}

/** Declares a route, typing its handler's answer by its response schema. */
export function route<S extends z.ZodType>(r: Route<S>): Route {
  return r;
}

/** The `format` query parameter of routes that also answer as CSV. */
export const formatParam: Param = {
  name: 'format',
  in: 'query',
  description: 'json (default) or csv',
};

/** The content type of each rendering. */
export const renderTypes: Record<'csv' | 'html', string> = {
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** Throws the 404 for a `what` that does not exist. */
export const notFound = (what: string): never => {
  throw new HttpError(404, `${what} not found`);
};

/** The `limit` query parameter, 1 to `max` (default `max`), or a 400 naming it. */
export function limitOf(q: URLSearchParams, max = 1000): number {
  const raw = q.get('limit');
  if (raw === null) return max;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new HttpError(400, `limit: "${raw}" is not a whole number from 1 to ${max}`);
  return n;
}

/** A required path parameter's description. */
export const pathParam = (name: string, description: string): Param => ({
  name,
  in: 'path',
  description,
  required: true,
});

/** Largest upload accepted by POST /scans. */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

/** Largest app accepted by POST /apps unless the server is told otherwise (`serve --max-app-mib`). */
export const DEFAULT_MAX_APP_BYTES = 200 * 1024 * 1024;
