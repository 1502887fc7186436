// What the map subcommands share: the camera filter flags, the store, the kb's makers.
import { MakerResolver, parseBbox, parseFilter } from '../../fieldmap/index.js';
import type { BoundingBox, CameraFilter, Store } from '../../store/index.js';
import { type CliIo, type Flags, type OptionSpecs } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { openStoreForReading } from '../store-context.js';

export const filterOptions = {
  bbox: { type: 'string', value: 'W,S,E,N', description: 'only cameras inside this box (degrees)' },
  maker: {
    type: 'string',
    value: 'NAME',
    description: "only this maker's cameras (any spelling the kb knows; a brand names its maker)",
  },
  covered: {
    type: 'string',
    value: 'BOOL',
    choices: ['true', 'false'],
    description: 'only cameras whose maker is (not) covered',
  },
  type: {
    type: 'string',
    value: 'TYPE',
    description: 'camera, ALPR, guard, gunshot_detector, other, unknown',
  },
  'operator-type': {
    type: 'string',
    value: 'T',
    description: 'public, private, community',
  },
  'as-of': {
    type: 'string',
    value: 'DATE',
    description: 'covered status on this day (YYYY-MM-DD; default today)',
  },
} as const satisfies OptionSpecs;

export const str = (v: Flags[string]): string | undefined =>
  typeof v === 'string' ? v : undefined;

export async function withStore<T>(
  flags: { db?: string | undefined },
  fn: (store: Store) => Promise<T>,
  open: (db: string | undefined) => Promise<Store> = openStoreForReading,
): Promise<T> {
  const store = await open(flags.db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function makersOf(flags: Flags, io: CliIo): Promise<MakerResolver> {
  return new MakerResolver(await kbOrThrow(), str(flags['as-of']) ?? io.today());
}

export async function queryOf(
  flags: Flags,
  io: CliIo,
): Promise<{ box: BoundingBox | undefined; filter: CameraFilter }> {
  const bbox = str(flags.bbox);
  const makers = await makersOf(flags, io);
  return {
    box: bbox === undefined ? undefined : parseBbox(bbox),
    filter: parseFilter(
      {
        maker: str(flags.maker),
        covered: str(flags.covered),
        type: str(flags.type),
        operatorType: str(flags['operator-type']),
      },
      (n) => makers.makerOf(n),
    ),
  };
}
