// Tests' PrimitiveBlock writer over mapbox's pbf writer: a string table, then groups of elements.
import { PbfWriter } from 'pbf';

/** Writes a nested message `field`, its content written by `body`. */
export function message(w: PbfWriter, field: number, body: (m: PbfWriter) => void): void {
  w.writeMessage(field, (_: unknown, m: PbfWriter) => body(m), undefined);
}

/** A PrimitiveBlock's start: the string table (field 1), then one PrimitiveGroup (2) per body. */
export function primitiveBlock(
  strings: readonly string[],
  groups: readonly ((group: PbfWriter) => void)[],
): PbfWriter {
  const w = new PbfWriter();
  message(w, 1, (table) => {
    for (const s of strings) table.writeBytesField(1, new TextEncoder().encode(s));
  });
  for (const g of groups) message(w, 2, g);
  return w;
}
