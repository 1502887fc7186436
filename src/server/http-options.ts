// What the observatory's server is started with, and what a started one offers.
import type { Server } from 'node:http';
import type { ApiContext } from './api.js';

export interface ObservatoryOptions {
  context: ApiContext;
  host: string;
  port: number;
  /** Token every write must carry (Authorization: Bearer …); required off loopback. */
  token?: string;
  /** The built web UI (index.html and assets/); absent means API only. */
  webDir?: string;
  /** Where diagnostics go (unexpected errors with their request id, slow requests); stderr by default. */
  log?: (line: string) => void;
  /** Bytes the GET cache may hold (default 32 MiB). */
  cacheBytes?: number;
  /**
   * Bytes of unfinished uploads held at once across all connections, an app waiting for its
   * audit included (default 64 MiB more than the largest app).
   */
  uploadBudgetBytes?: number;
  /** Largest app accepted by POST /apps (default 200 MiB). */
  maxAppUploadBytes?: number;
  /** Bytes of unfinished citizen reports held at once, a budget of their own (default 32 MiB). */
  reportBudgetBytes?: number;
  /** Reports one network (/24 or /48) may send per UTC day (default 50). */
  reportsPerDay?: number;
  /**
   * The origin browsers see behind a reverse proxy (https://observatory.example): its Host is
   * answered on loopback and writes from its pages are same-origin.
   */
  publicOrigin?: string;
  /** Under `serve --workers`, this worker's number, sent as X-Sousveil-Worker on every answer. */
  workerNumber?: number;
  /** A certificate (chain) and its key, PEM: the server speaks HTTPS (`serve --tls-cert`). */
  tls?: { cert: Buffer; key: Buffer };
}

/** What the server holds in memory now. */
export interface ObservatoryStats {
  cacheBytes: number;
  cacheEntries: number;
  uploadBytesHeld: number;
}

export interface Observatory {
  server: Server;
  url: string;
  stats: () => ObservatoryStats;
  close: () => Promise<void>;
}
