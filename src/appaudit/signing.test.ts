import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../shared/errors.js';
import { readPkcs7Certificate, readSigningBlock } from './signing.js';
import { buildCertificate, buildPkcs7, buildSigningBlock } from './test-builders.js';

const cert = buildCertificate([
  ['CN', 'Android Debug'],
  ['O', 'Android'],
  ['C', 'US'],
]);

const expected = {
  subject: 'C=US, O=Android, CN=Android Debug',
  issuer: 'C=US, O=Android, CN=Android Debug',
  serial: '012345',
  notBefore: '2024-01-01T00:00:00Z',
  notAfter: '2054-01-01T00:00:00Z',
};

describe('signing certificate', () => {
  it('reads the v1 certificate from a PKCS#7 signature file', () => {
    const found = readPkcs7Certificate(buildPkcs7(cert));
    expect(found).toMatchObject({ scheme: 'v1', ...expected });
    expect(found.der).toEqual(cert);
  });

  it.each([
    [0x7109871a, 'v2'],
    [0xf05368c0, 'v3'],
  ] as const)('reads the first signer of a signing block pair %i', (id, scheme) => {
    const block = buildSigningBlock(cert, id);
    const found = readSigningBlock(block, { offset: 0, size: block.length - 8 });
    expect(found).toMatchObject({ scheme, ...expected });
  });

  it('throws only ParseError on changed bytes', () => {
    const sample = buildPkcs7(cert);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
        (edits) => {
          const bytes = sample.slice();
          for (const [at, value] of edits) bytes[at] = value;
          try {
            readPkcs7Certificate(bytes);
            const block = buildSigningBlock(bytes);
            readSigningBlock(block, { offset: 0, size: block.length - 8 });
          } catch (error) {
            if (!(error instanceof ParseError)) throw error;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
