// The parts of the CycloneDX 1.5 JSON schema (bom-1.5.schema.json, CycloneDX/specification,
// Apache-2.0) that sousveil's SBOM uses, as zod: required fields, enums, patterns, and no
// properties the schema does not define (it sets additionalProperties false on these objects).
// Written from the schema's text for tests; not a copy of it.
import { z } from 'zod';

const componentType = z.enum([
  'application',
  'framework',
  'library',
  'container',
  'platform',
  'operating-system',
  'device',
  'device-driver',
  'firmware',
  'file',
  'machine-learning-model',
  'data',
]);

const hash = z.strictObject({
  alg: z.enum([
    'MD5',
    'SHA-1',
    'SHA-256',
    'SHA-384',
    'SHA-512',
    'SHA3-256',
    'SHA3-384',
    'SHA3-512',
    'BLAKE2b-256',
    'BLAKE2b-384',
    'BLAKE2b-512',
    'BLAKE3',
  ]),
  content: z
    .string()
    .regex(/^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$/),
});

const component = z.strictObject({
  type: componentType,
  'bom-ref': z.string().min(1).optional(),
  name: z.string(),
  version: z.string().optional(),
  supplier: z.strictObject({ name: z.string() }).optional(),
  publisher: z.string().optional(),
  hashes: z.array(hash).optional(),
  purl: z.string().optional(),
  cpe: z.string().optional(),
  evidence: z
    .strictObject({
      occurrences: z.array(z.strictObject({ location: z.string() })).optional(),
    })
    .optional(),
});

/** A CycloneDX 1.5 BOM as far as sousveil writes one. */
export const cycloneDx15 = z.strictObject({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.literal('1.5'),
  serialNumber: z
    .string()
    .regex(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
  version: z.number().int().min(1),
  metadata: z.strictObject({
    timestamp: z.iso.datetime(),
    tools: z.strictObject({ components: z.array(component) }),
    component,
  }),
  components: z.array(component),
  dependencies: z.array(
    z.strictObject({ ref: z.string(), dependsOn: z.array(z.string()).optional() }),
  ),
});
