// Reading one `net import` file from disk into the staging area. The file is streamed under a
// limit that counts the bytes read (pipes and devices included); a CSV inventory is parsed as it
// streams and staged in batches, so no more than a chunk and a batch are held; other formats are
// parsed whole, as their parsers need, within the same limit.
import { basename } from 'node:path';
import { ParseError, UserError } from '../../shared/errors.js';
import { readBoundedChunks } from '../../shared/fs-bounded.js';
import type { HostObservations } from '../observation.js';
import { CsvInventoryReader, type ColumnMapping } from './csv-inventory.js';
import {
  detectBytes,
  detectFormat,
  importFormats,
  parseImport,
  type ImportFormat,
} from './detect.js';
import type { Skipped } from './result.js';

/** Largest file read; evidence exports beyond this should be split. */
export const maxEvidenceBytes = 512 * 1024 * 1024;

/** Hosts staged per transaction. */
const batchHosts = 5000;

/** Where hosts read from file number `file` go. */
export interface HostSink {
  addHosts(file: number, hosts: readonly HostObservations[]): void;
}

export interface StagedFile {
  format: ImportFormat;
  skipped: Skipped[];
}

/** Reads `path` (file number `file` of the import) into `sink`; the format is detected unless given. */
export async function stageEvidenceFile(
  path: string,
  file: number,
  options: { format?: ImportFormat; mapping?: ColumnMapping; maxBytes?: number },
  sink: HostSink,
): Promise<StagedFile> {
  const chunks = readBoundedChunks(path, options.maxBytes ?? maxEvidenceBytes, {
    advice: 'split it',
  });
  try {
    return await stage(path, file, options, sink, chunks);
  } finally {
    // Closes the file when parsing stopped early (a bad header, an unknown format).
    await chunks.return(undefined);
  }
}

async function stage(
  path: string,
  file: number,
  options: { format?: ImportFormat; mapping?: ColumnMapping },
  sink: HostSink,
  chunks: AsyncGenerator<Uint8Array>,
): Promise<StagedFile> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < detectBytes) {
    const next = await chunks.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const format = options.format ?? detected(path, Buffer.concat(head));
  const rest: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => (ended ? emptyIterator() : chunks),
  };
  try {
    if (format === 'csv-inventory')
      return { format, skipped: await stageCsv(head, rest, file, options.mapping, sink) };
    const parts = [...head];
    for await (const c of rest) parts.push(c);
    const { hosts, skipped } = parseImport(
      format,
      new Uint8Array(Buffer.concat(parts)),
      options.mapping === undefined ? {} : { mapping: options.mapping },
    );
    for (let i = 0; i < hosts.length; i += batchHosts)
      sink.addHosts(file, hosts.slice(i, i + batchHosts));
    return { format, skipped };
  } catch (e) {
    if (e instanceof ParseError) throw new UserError(`${path}: ${e.message}`, { cause: e });
    throw e;
  }
}

function detected(path: string, head: Uint8Array): ImportFormat {
  const format = detectFormat(basename(path), head);
  if (format === undefined)
    throw new UserError(
      `${path}: cannot tell the format; pass --format (${importFormats.join(', ')})`,
    );
  return format;
}

async function stageCsv(
  head: readonly Uint8Array[],
  rest: AsyncIterable<Uint8Array>,
  file: number,
  mapping: ColumnMapping | undefined,
  sink: HostSink,
): Promise<Skipped[]> {
  const reader = new CsvInventoryReader(mapping === undefined ? {} : { mapping });
  const decoder = new TextDecoder();
  let batch: HostObservations[] = [];
  const take = (rows: ReturnType<CsvInventoryReader['push']>): void => {
    for (const r of rows) if (r.ok) batch.push(r.value);
    if (batch.length >= batchHosts) {
      sink.addHosts(file, batch);
      batch = [];
    }
  };
  // The header must arrive whole before columns are guessed: the head is at least 64 KiB.
  take(reader.push(decoder.decode(Buffer.concat(head), { stream: true })));
  for await (const chunk of rest) take(reader.push(decoder.decode(chunk, { stream: true })));
  take(reader.push(decoder.decode()));
  take(reader.end());
  if (batch.length > 0) sink.addHosts(file, batch);
  return reader.skipped.toArray();
}

function emptyIterator(): AsyncIterator<Uint8Array> {
  return { next: async () => ({ done: true, value: undefined }) };
}
