// The JSON API's shapes: context, request, route, errors and parameter helpers.
import type { Atlas } from '../atlas/schema.js';
import type { Kb } from '../kb/index.js';
import { HttpError } from '../shared/errors.js';
import type { Store, StoreArea } from '../store/index.js';
import type { Uploads } from './upload-runner.js';

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
}

export interface ApiRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body?: Uint8Array;
  contentType?: string;
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

export interface Route {
  method: 'GET' | 'POST';
  /** Path under /api/v1 with `:name` parameters. */
  path: string;
  summary: string;
  params?: Param[];
  /** Whether the route changes the store (needs the token off loopback). */
  writes?: boolean;
  /** Upload body types accepted (POST). */
  accepts?: string[];
  /** The store areas a GET's answer is read from (its cached copy goes when they change); absent means all. */
  reads?: readonly StoreArea[];
  handler: (ctx: ApiContext, req: ApiRequest) => Promise<unknown>;
}

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
