// The HEIC decoder's thread: libheif's WebAssembly decodes synchronously (about a second for 12
// megapixels), so it runs here and the server's event loop keeps answering. A malformed file
// that aborts the WebAssembly fails this thread's answer, never the server.
import { parentPort } from 'node:worker_threads';
import { TooLargeError } from '../shared/errors.js';
import { decodeHeic } from './libheif-decode.js';

/** An HEIC file to decode within `maxPixels`, with the id its answer carries back. */
export interface HeicRequest {
  id: number;
  bytes: Uint8Array;
  maxPixels: number;
}

export type HeicReply =
  | { id: number; ok: true; data: Uint8Array; width: number; height: number }
  | { id: number; ok: false; tooLarge: boolean; error: string };

const port = parentPort;
if (port) {
  port.on('message', (m: HeicRequest) => {
    void decodeHeic(m.bytes, m.maxPixels).then(
      (image) =>
        port.postMessage({ id: m.id, ok: true, ...image } satisfies HeicReply, [
          image.data.buffer as ArrayBuffer,
        ]),
      (e: unknown) =>
        port.postMessage({
          id: m.id,
          ok: false,
          tooLarge: e instanceof TooLargeError,
          error: e instanceof Error ? e.message : String(e),
        } satisfies HeicReply),
    );
  });
}
