// A CycloneDX 1.5 JSON bill of materials of the components found (pure): the image as the
// metadata component (type firmware, its SHA-256), each component with its purl, CPE and where it
// was seen (evidence.occurrences). Field names per the CycloneDX 1.5 JSON reference.
import type { FirmwareReport } from './report.js';

/** The SBOM of one report. `toolVersion` is sousveil's own version. */
export function toCycloneDx(r: FirmwareReport, toolVersion: string): Record<string, unknown> {
  const subject: Record<string, unknown> = {
    type: 'firmware',
    'bom-ref': `firmware:${r.sha256}`,
    name: r.file,
    hashes: [{ alg: 'SHA-256', content: r.sha256 }],
  };
  if (r.identity.version !== undefined) subject.version = r.identity.version;
  if (r.identity.maker !== undefined) subject.supplier = { name: r.identity.maker.name };
  if (r.identity.brand !== undefined) subject.publisher = r.identity.brand.name;
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${uuidOf(r.sha256)}`,
    version: 1,
    metadata: {
      timestamp: r.scannedAt,
      tools: { components: [{ type: 'application', name: 'sousveil', version: toolVersion }] },
      component: subject,
    },
    components: r.components.map((c) => {
      const out: Record<string, unknown> = {
        type: c.id === 'linux-kernel' ? 'operating-system' : 'library',
        'bom-ref': c.purl,
        name: c.name,
        version: c.version,
        purl: c.purl,
        evidence: { occurrences: c.files.map((location) => ({ location })) },
      };
      if (c.cpe !== undefined) out.cpe = c.cpe;
      return out;
    }),
    dependencies: [{ ref: `firmware:${r.sha256}`, dependsOn: r.components.map((c) => c.purl) }],
  };
}

/** A stable RFC 4122-shaped UUID (version 5 bits) from a hex digest, so one image gets one serial. */
function uuidOf(hexDigest: string): string {
  const h = hexDigest.padEnd(32, '0');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
