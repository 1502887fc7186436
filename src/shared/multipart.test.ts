import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, TooLargeError } from './errors.js';
import { boundaryOf, parseMultipart, type MultipartLimits } from './multipart.js';

const limits: MultipartLimits = {
  maxParts: 8,
  maxHeaderBytes: 256,
  maxFieldBytes: 64,
  maxFileBytes: 1024,
};
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A form as a browser sends it. */
function form(boundary: string, parts: { head: string; body: string | Uint8Array }[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    chunks.push(enc(`--${boundary}\r\n${p.head}\r\n\r\n`));
    chunks.push(typeof p.body === 'string' ? enc(p.body) : p.body);
    chunks.push(enc('\r\n'));
  }
  chunks.push(enc(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('boundaryOf', () => {
  it.each([
    ['multipart/form-data; boundary=abc', 'abc'],
    ['Multipart/Form-Data; charset=utf-8; boundary="a b:c"', 'a b:c'],
    ['multipart/form-data; boundary=----WebKitFormBoundaryx7Yq', '----WebKitFormBoundaryx7Yq'],
  ])('%s -> %s', (header, boundary) => expect(boundaryOf(header)).toBe(boundary));

  it.each([
    ['application/json', 'not multipart'],
    ['multipart/form-data', 'without a boundary'],
    [`multipart/form-data; boundary=${'x'.repeat(71)}`, '1 to 70'],
    ['multipart/form-data; boundary="ends with space "', '1 to 70'],
  ])('refuses %s', (header, why) => expect(() => boundaryOf(header)).toThrow(why));
});

describe('parseMultipart', () => {
  it('reads fields and a file with its name and type', () => {
    const photo = new Uint8Array([0xff, 0xd8, 13, 10, 45, 45, 0xff, 0xd9]);
    const body = form('XyZ', [
      { head: 'Content-Disposition: form-data; name="lat"', body: '50.85' },
      { head: 'Content-Disposition: form-data; name="note"', body: 'on the pole\r\nfacing east' },
      {
        head: 'Content-Disposition: form-data; name="photo"; filename="c \\"1\\".jpg"\r\nContent-Type: IMAGE/JPEG',
        body: photo,
      },
    ]);
    const parts = parseMultipart(body, 'XyZ', limits);
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['lat', undefined, undefined],
      ['note', undefined, undefined],
      ['photo', 'c "1".jpg', 'image/jpeg'],
    ]);
    expect(text(parts[1]!.bytes)).toBe('on the pole\r\nfacing east');
    expect([...parts[2]!.bytes]).toEqual([...photo]);
  });

  it('skips a preamble and an epilogue; an empty form has no parts', () => {
    const body = enc(
      'preamble\r\n--b\r\nContent-Disposition: form-data; name=type\r\n\r\nALPR\r\n--b--\r\nepilogue',
    );
    expect(parseMultipart(body, 'b', limits).map((p) => text(p.bytes))).toEqual(['ALPR']);
    expect(parseMultipart(enc('--b--\r\n'), 'b', limits)).toEqual([]);
  });

  it.each([
    [
      'too many parts',
      () =>
        form(
          'b',
          Array.from({ length: 9 }, () => ({
            head: 'Content-Disposition: form-data; name=a',
            body: '1',
          })),
        ),
      'more than 8 parts',
    ],
    [
      'a long field',
      () =>
        form('b', [{ head: 'Content-Disposition: form-data; name=note', body: 'x'.repeat(65) }]),
      '"note" is over its 64-byte limit',
    ],
    [
      'a long file',
      () =>
        form('b', [
          {
            head: 'Content-Disposition: form-data; name=photo; filename=a.jpg',
            body: 'x'.repeat(1025),
          },
        ]),
      'over its 1024-byte limit for a file',
    ],
    [
      'long headers',
      () =>
        form('b', [
          {
            head: `Content-Disposition: form-data; name=a\r\nX-Pad: ${'p'.repeat(300)}`,
            body: '1',
          },
        ]),
      'headers are over 256 bytes',
    ],
  ])('refuses %s as too large', (_what, make, why) => {
    const e = catchOf(() => parseMultipart(make(), 'b', limits));
    expect(e).toBeInstanceOf(TooLargeError);
    expect((e as Error).message).toContain(why);
  });

  it.each([
    ['no boundary at all', 'hello', 'no opening boundary'],
    [
      'no closing boundary',
      '--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1',
      'no closing boundary',
    ],
    [
      'no disposition',
      '--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--',
      'no Content-Disposition',
    ],
    [
      'no name',
      '--b\r\nContent-Disposition: form-data; filename=x\r\n\r\n1\r\n--b--',
      'has no name',
    ],
    [
      'not form-data',
      '--b\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--b--',
      'not form-data',
    ],
    ['junk after a boundary', '--bjunk\r\n', 'not followed by a line end'],
    [
      'truncated after a part',
      '--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b',
      'line end',
    ],
  ])('refuses %s', (_what, body, why) => {
    const e = catchOf(() => parseMultipart(enc(body), 'b', limits));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toContain(why);
  });

  it('round-trips any fields and never throws anything but ParseError or TooLargeError', () => {
    const name = fc.stringMatching(/^[a-z]{1,8}$/);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, fc.uint8Array({ maxLength: 40 })), { maxLength: 6 }),
        (fields) => {
          const body = form(
            'q1w2',
            fields.map(([n, b]) => ({
              head: `Content-Disposition: form-data; name="${n}"`,
              body: b,
            })),
          );
          const parts = parseMultipart(body, 'q1w2', limits);
          // A field whose bytes hold the delimiter itself cannot round-trip; a browser picks
          // a boundary that does not occur, as this random one almost surely does not.
          expect(parts.map((p) => [p.name, [...p.bytes]])).toEqual(
            fields.map(([n, b]) => [n, [...b]]),
          );
        },
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(400), (noise, cut) => {
        const valid = form('b', [
          { head: 'Content-Disposition: form-data; name=a', body: 'x' },
          { head: 'Content-Disposition: form-data; name=p; filename=f', body: noise },
        ]);
        for (const body of [noise, valid.slice(0, cut), mutate(valid, noise)]) {
          try {
            parseMultipart(body, 'b', limits);
          } catch (e) {
            if (!(e instanceof ParseError || e instanceof TooLargeError)) throw e;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

function mutate(valid: Uint8Array, noise: Uint8Array): Uint8Array {
  const out = valid.slice();
  for (let i = 0; i + 1 < noise.length; i += 2)
    out[(noise[i] ?? 0) % out.length] = noise[i + 1] ?? 0;
  return out;
}

function catchOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
