// Who made an image, under which label, for which products (pure, over the inventory and the kb).
// The container names the maker (SWKH: Hikvision; DH-ZIP: Dahua); the OEM label comes from the
// Hikvision OEM code, Dahua's Install "Vendor" and the release file name, resolved to kb vendors
// and their relations (a CP PLUS, Lorex or Amcrest build of Dahua firmware is Dahua-made).
import {
  isCoveringStatus,
  normalizeDeviceType,
  normalizeName,
  pathConfidence,
  pathsUp,
  productOfModel,
  restrictionStatuses,
  type DeviceType,
  type Kb,
} from '../kb/index.js';
import {
  parseDahuaFileName,
  parseDahuaHwid,
  parseDahuaInstall,
  parseDahuaInstallLua,
  type DahuaInstall,
} from './dahua.js';
import { hikvisionDeviceClass, hikvisionLanguage } from './hikvision.js';
import type { FirmwareInventory, ImageFile } from './unpack.js';
import { ParseError } from '../shared/errors.js';

/** What the image says about who made it, for what, and which build it is. */
export interface FirmwareIdentity {
  readonly maker: { readonly id: string; readonly name: string } | undefined;
  /** The label it is built for, when it is not the maker's own. */
  readonly brand: { readonly id: string | undefined; readonly name: string } | undefined;
  /** Why the maker and brand are what they are. */
  readonly evidence: readonly string[];
  /** kb relations from the brand up, as `Lorex -> Dahua: oem (low, since 2022-11-24)`. */
  readonly relations: readonly string[];
  /** Restrictions in force covering the maker, as `US NDAA §889(a)(1)(A)`. */
  readonly restrictions: readonly string[];
  readonly productLine: string | undefined;
  readonly deviceType: DeviceType | undefined;
  readonly platform: string | undefined;
  /** Model families the image installs on (Dahua Install devices, the release name). */
  readonly families: readonly string[];
  /** Exact models (Dahua hwid, product definitions, model codes in Hikvision's _cfgUpgClass). */
  readonly models: readonly string[];
  readonly version: string | undefined;
  /** The version scheme advisories compare it with. */
  readonly scheme: 'hikvision' | 'dahua' | undefined;
  readonly buildDate: string | undefined;
  readonly language: string | undefined;
  /** A Hikvision signature file (_cfgUpgSecPls) is present. */
  readonly signed: boolean;
}

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const textOf = (f: ImageFile): string =>
  new TextDecoder('utf-8').decode(f.bytes.subarray(0, 1024 ** 2));

/** Builds the identity of an image from what the walk found. */
export function identifyFirmware(
  inv: FirmwareInventory,
  fileName: string,
  kb: Kb,
  day: string,
  problems: string[],
): FirmwareIdentity {
  const b = new Builder(kb, day);
  if (inv.hikvision !== undefined) b.hikvision(inv, fileName);
  else if (inv.format === 'dahua-zip') b.dahua(inv, fileName, problems);
  for (const f of inv.files) {
    const m = /(?:^|\/)product_([0-9a-z]+)\/([A-Z0-9][A-Z0-9-]+)\/ProductDefinition$/i.exec(f.path);
    if (m !== null) {
      b.models.add(m[2] as string);
      b.platform ??= `SoC ${m[1] as string}`;
    }
  }
  if (b.buildDate === undefined && inv.uimages.length > 0) {
    const newest = inv.uimages
      .map((u) => u.created.slice(0, 10))
      .sort()
      .at(-1);
    if (newest !== undefined) {
      b.buildDate = newest;
      b.evidence.push(`build date from the U-Boot image time (${newest})`);
    }
  }
  return b.done();
}

class Builder {
  maker: FirmwareIdentity['maker'];
  brandName: string | undefined;
  readonly evidence: string[] = [];
  productLine: string | undefined;
  platform: string | undefined;
  readonly families = new Set<string>();
  readonly models = new Set<string>();
  version: string | undefined;
  scheme: FirmwareIdentity['scheme'];
  buildDate: string | undefined;
  language: string | undefined;
  signed = false;

  constructor(
    private readonly kb: Kb,
    private readonly day: string,
  ) {}

  private setMaker(id: string, why: string): void {
    const v = this.kb.vendors.get(id);
    this.maker = { id, name: v?.name ?? id };
    this.evidence.push(why);
  }

  hikvision(inv: FirmwareInventory, fileName: string): void {
    const h = inv.hikvision;
    if (h === undefined) return;
    this.setMaker('hikvision', `Hikvision ${h.magic} upgrade package (XOR-decoded header)`);
    this.scheme = 'hikvision';
    if (h.oemCode !== undefined && h.oemCode !== 1 && h.oemCode !== 0xffffffff)
      this.evidence.push(
        `OEM code ${h.oemCode} in the header (1 is Hikvision's own; others are not published)`,
      );
    const cls = hikvisionDeviceClass(h.deviceClass);
    this.productLine = cls.line;
    if (cls.code !== undefined)
      this.evidence.push(
        `device class ${cls.code}${cls.line === undefined ? ' (not a published code)' : ` (${cls.line})`}`,
      );
    this.language = hikvisionLanguage(h.language);
    if (h.firmwareVersion !== undefined)
      this.version =
        h.buildDate === undefined
          ? `V${h.firmwareVersion}`
          : `V${h.firmwareVersion} build ${h.buildDate.slice(2).replaceAll('-', '')}`;
    this.version ??= h.versionText;
    this.buildDate = h.buildDate;
    const named =
      /(IPC|IPD|IPTM|NVR|DVR|DZ|ACS|VIS)_([A-Z0-9]+(?:_[A-Z0-9]+)*?)_(EN|CN|ML)_.*?V?(\d+\.\d+\.\d+)_(?:Build)?(\d{6})/i.exec(
        base(fileName),
      );
    if (named !== null) {
      this.productLine ??= (named[1] as string).toUpperCase();
      this.platform = (named[2] as string).toUpperCase();
      this.language ??= named[3] === 'CN' ? 'Chinese' : 'English/multi-language';
      this.version ??= `V${named[4] as string} build ${named[5] as string}`;
      this.evidence.push(`release name ${base(fileName)}`);
    }
    for (const f of inv.files) {
      const name = base(f.path);
      if (name === '_cfgUpgSecPls') this.signed = true;
      if (name !== '_cfgUpgClass') continue;
      const s = new TextDecoder('latin1').decode(f.bytes.subarray(0, 1024 ** 2));
      for (const m of s.matchAll(/\b(?:i?DS|IDS)-[0-9][0-9A-Z]{2,}(?:-[0-9A-Z/()]+)*/g)) {
        this.models.add(m[0]);
        if (this.models.size >= 4096) break;
      }
    }
  }

  dahua(inv: FirmwareInventory, fileName: string, problems: string[]): void {
    this.setMaker('dahua', 'Dahua upgrade image (ZIP with the "DH" header)');
    this.scheme = 'dahua';
    const named = parseDahuaFileName(fileName);
    let install: DahuaInstall | undefined;
    for (const f of inv.files) {
      const name = base(f.path);
      try {
        if (name === 'Install') install = parseDahuaInstall(textOf(f), f.path);
        else if (name === 'Install.lua') install ??= parseDahuaInstallLua(textOf(f));
        else if (name === 'hwid') for (const m of parseDahuaHwid(textOf(f))) this.models.add(m);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        problems.push(e.message);
      }
    }
    for (const d of install?.devices ?? []) this.families.add(d.family);
    if (named.family !== undefined) this.families.add(named.family);
    this.platform = named.platform;
    this.language = named.language;
    if (named.version !== undefined) {
      this.version = `V${named.version}`;
      const d = /\.R\.(\d{2}|\d{4})(\d{2})(\d{2})$/.exec(named.version);
      if (d !== null) {
        const [, y = '', m = '', day = ''] = d;
        this.buildDate = `${y.length === 2 ? `20${y}` : y}-${m}-${day}`;
      }
      this.evidence.push(`release name ${base(fileName)}`);
    }
    const vendor = install?.vendor;
    if (vendor !== undefined && vendor.toLowerCase() !== 'general') {
      this.brandName = vendor;
      this.evidence.push(`Install names the vendor "${vendor}"`);
    } else if (vendor !== undefined)
      this.evidence.push('Install names the vendor "General" (Dahua\'s own build)');
    if (named.oem !== undefined && named.oem !== 'DH' && named.oem !== 'General') {
      this.brandName ??= named.oem;
      this.evidence.push(`release name starts with the OEM "${named.oem}"`);
    }
  }

  done(): FirmwareIdentity {
    const kb = this.kb;
    const brandId =
      this.brandName === undefined
        ? undefined
        : (kb.names.get(this.brandName.toLowerCase()) ??
          kb.names.get(normalizeName(this.brandName)));
    const brand =
      this.brandName === undefined
        ? undefined
        : {
            id: brandId,
            name:
              brandId === undefined
                ? this.brandName
                : (kb.vendors.get(brandId)?.name ?? this.brandName),
          };
    const relations =
      brandId === undefined
        ? []
        : pathsUp(kb, brandId).map((p) => {
            const chain = [brandId, ...p.edges.map((e) => e.to)]
              .map((id) => kb.vendors.get(id)?.name ?? id)
              .join(' -> ');
            const last = p.edges.at(-1);
            const span = [
              last?.since === undefined ? '' : `since ${last.since}`,
              last?.until === undefined ? '' : `until ${last.until}`,
            ]
              .filter(Boolean)
              .join(', ');
            return `${chain}: ${p.edges.map((e) => e.type).join(', ')} (${pathConfidence(p.edges)}${span === '' ? '' : `, ${span}`})`;
          });
    const models = [...this.models].sort();
    const families = [...this.families];
    return {
      maker: this.maker,
      brand: brand !== undefined && brand.id === this.maker?.id ? undefined : brand,
      evidence: this.evidence,
      relations,
      restrictions: this.maker === undefined ? [] : restrictionsOf(kb, this.maker.id, this.day),
      productLine: this.productLine ?? families.map(lineOf).find((x) => x !== undefined),
      deviceType: deviceTypeOf(kb, this.productLine, families, models),
      platform: this.platform,
      families,
      models,
      version: this.version,
      scheme: this.scheme,
      buildDate: this.buildDate,
      language: this.language,
      signed: this.signed,
    };
  }
}

function restrictionsOf(kb: Kb, vendor: string, day: string): string[] {
  const out = restrictionStatuses(kb, vendor, day)
    .filter((s) => isCoveringStatus(s.status) && s.begins === undefined && s.ended === undefined)
    .map((s) => kb.restrictions.find((r) => r.id === s.restriction))
    .filter((r) => r !== undefined)
    .map((r) => `${r.jurisdiction} ${r.short}`);
  return [...new Set(out)];
}

function lineOf(family: string): string | undefined {
  return /^(?:DH-)?([A-Z]+)/.exec(family)?.[1];
}

function deviceTypeOf(
  kb: Kb,
  line: string | undefined,
  families: readonly string[],
  models: readonly string[],
): DeviceType | undefined {
  for (const m of models) {
    const p = productOfModel(kb, m);
    if (p !== undefined) return p.deviceType;
  }
  for (const word of [line, ...families.map(lineOf), ...models.map(lineOf)]) {
    if (word === undefined) continue;
    const t =
      normalizeDeviceType(word) ?? (word === 'IPD' || word === 'IPTM' ? 'camera' : undefined);
    if (t !== undefined) return t;
  }
  return undefined;
}
