import { assessAdvisory, type AdvisoryAssessment, type Kb } from '../kb/index.js';
import { analyzeFiles, type ComponentFinding, type IndicatorFinding } from './analyze.js';
import { identifyFirmware, type FirmwareIdentity } from './identity.js';
import type { BlobFormat } from './sniff.js';
import type { FirmwareInventory, Layer } from './unpack.js';

/** One advisory as it stands for the image. */
export interface AdvisoryFinding {
  readonly id: string;
  readonly cve: string;
  readonly title: string;
  readonly status: AdvisoryAssessment['status'];
  readonly reason: string | undefined;
  readonly scope: string;
  readonly product: string;
  readonly cvss: number | undefined;
  readonly kev: { readonly added: string; readonly due: string | undefined } | undefined;
  readonly sources: readonly string[];
}

/** The audit of one firmware image. */
export interface FirmwareReport {
  readonly file: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly scannedAt: string;
  readonly format: BlobFormat;
  /** SWKH/02KH/03KH for Hikvision packages. */
  readonly container: string;
  readonly encrypted: boolean;
  readonly identity: FirmwareIdentity;
  readonly advisories: readonly AdvisoryFinding[];
  readonly indicators: readonly IndicatorFinding[];
  readonly components: readonly ComponentFinding[];
  readonly entries: readonly string[];
  readonly layers: readonly Layer[];
  readonly fileCount: number;
  readonly unpackedBytes: number;
  readonly notes: readonly string[];
}

/** What the report needs besides the inventory. */
export interface FirmwareReportContext {
  readonly file: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly scannedAt: string;
  readonly kb: Kb;
}

const maxModelsAssessed = 500;

/** Builds the report of one image from its inventory and the kb. */
export function buildFirmwareReport(
  inv: FirmwareInventory,
  ctx: FirmwareReportContext,
): FirmwareReport {
  const problems: string[] = [];
  const identity = identifyFirmware(inv, ctx.file, ctx.kb, ctx.scannedAt.slice(0, 10), problems);
  const { components, indicators, highEntropyFiles } = analyzeFiles(inv.files, ctx.kb);
  const h = inv.hikvision;
  const notes = [...inv.notes, ...problems];
  if (inv.format === 'unknown')
    notes.unshift(
      'not a known firmware container (Hikvision SWKH/02KH/03KH, Dahua DH-ZIP, U-Boot image, ZIP, tar, gzip, xz, SquashFS, CramFS): searched as one file',
    );
  if (highEntropyFiles > 0)
    notes.push(
      `${highEntropyFiles} file(s) hold compressed or encrypted data throughout (entropy near 8 bits a byte): not searched for strings`,
    );
  if (identity.signed) notes.push('a Hikvision signature file (_cfgUpgSecPls) is present');
  notes.push('Found in the image is not proof that it runs or is reachable on a device.');
  return {
    file: ctx.file,
    sha256: ctx.sha256,
    sizeBytes: ctx.sizeBytes,
    scannedAt: ctx.scannedAt,
    format: inv.format,
    container: h?.magic ?? inv.format,
    encrypted: h?.encrypted ?? false,
    identity,
    advisories: advisoriesFor(identity, ctx.kb),
    indicators,
    components,
    entries: inv.layers
      .filter((l) => l.path.includes('!/'))
      .map((l) => l.path)
      .slice(0, 2000),
    layers: inv.layers.slice(0, 2000),
    fileCount: inv.files.length,
    unpackedBytes: inv.unpackedBytes,
    notes,
  };
}

/** The kb's advisories for the image: affected when any model (or the device type) and the version fit. */
export function advisoriesFor(id: FirmwareIdentity, kb: Kb): AdvisoryFinding[] {
  if (id.maker === undefined) return [];
  const vendors = [id.maker.id, ...(id.brand?.id === undefined ? [] : [id.brand.id])];
  const models = id.models.length > 0 ? id.models.slice(0, maxModelsAssessed) : [undefined];
  const out: AdvisoryFinding[] = [];
  for (const a of kb.advisories) {
    let best: AdvisoryAssessment | undefined;
    for (const model of models) {
      const r = assessAdvisory(a, {
        vendors,
        deviceType: id.deviceType,
        model,
        firmware: id.version,
      });
      if (r !== undefined && (best === undefined || r.status === 'affected')) best = r;
      if (best?.status === 'affected') break;
    }
    if (best === undefined) continue;
    out.push({
      id: a.id,
      cve: a.cve,
      title: a.title,
      status: best.status,
      reason: best.reason,
      scope: best.scope,
      product: best.range.product,
      cvss: a.cvss,
      kev: a.kev === undefined ? undefined : { added: a.kev.added, due: a.kev.due },
      sources: [...new Set([...best.range.sources, ...a.sources])],
    });
  }
  return out.sort((x, y) =>
    x.status === y.status ? x.cve.localeCompare(y.cve) : x.status === 'affected' ? -1 : 1,
  );
}
