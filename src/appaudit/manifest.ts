import type { XmlAttribute, XmlElement } from './axml.js';

/** The four kinds of component a manifest declares. */
export type ComponentKind = 'activity' | 'service' | 'receiver' | 'provider';

/** What an AndroidManifest.xml says about an app, as far as an audit needs. */
export interface Manifest {
  readonly package: string;
  readonly versionCode: number | undefined;
  readonly versionName: string | undefined;
  readonly minSdk: number | undefined;
  readonly targetSdk: number | undefined;
  readonly permissions: readonly string[];
  /** Permissions the app itself defines. */
  readonly definedPermissions: readonly string[];
  readonly components: readonly { readonly kind: ComponentKind; readonly name: string }[];
  readonly metaData: readonly { readonly name: string; readonly value: string }[];
  readonly debuggable: boolean;
  readonly allowBackup: boolean | undefined;
}

// android: attribute resource ids (AOSP public.xml); names can be stripped, ids cannot.
const ids = {
  name: 0x01010003,
  value: 0x01010024,
  resource: 0x01010025,
  versionCode: 0x0101021b,
  versionName: 0x0101021c,
  minSdkVersion: 0x0101020c,
  targetSdkVersion: 0x01010270,
  debuggable: 0x0101000f,
  allowBackup: 0x01010280,
} as const;

const componentKinds: Record<string, ComponentKind> = {
  activity: 'activity',
  'activity-alias': 'activity',
  service: 'service',
  receiver: 'receiver',
  provider: 'provider',
};

/** Builds the manifest summary from parsed binary XML elements. */
export function readManifest(elements: readonly XmlElement[]): Manifest {
  const root = elements.find((e) => e.depth === 0 && e.name === 'manifest');
  const pkg = stringOf(
    root?.attributes.find((a) => a.name === 'package' && a.resourceId === undefined),
  );
  const sdk = elements.find((e) => e.name === 'uses-sdk');
  const app = elements.find((e) => e.name === 'application');
  const permissions: string[] = [];
  const definedPermissions: string[] = [];
  const components: { kind: ComponentKind; name: string }[] = [];
  const metaData: { name: string; value: string }[] = [];
  for (const e of elements) {
    const name = stringOf(attr(e, 'name'));
    if (name === undefined) continue;
    if (e.name === 'uses-permission' || e.name === 'uses-permission-sdk-23') permissions.push(name);
    else if (e.name === 'permission') definedPermissions.push(name);
    else if (e.name === 'meta-data') {
      metaData.push({
        name,
        value: String(attr(e, 'value')?.value ?? attr(e, 'resource')?.value ?? ''),
      });
    } else {
      const kind = componentKinds[e.name];
      if (kind !== undefined) components.push({ kind, name: qualify(name, pkg ?? '') });
    }
  }
  return {
    package: pkg ?? '',
    versionCode: numberOf(attr(root, 'versionCode')),
    versionName: stringOf(attr(root, 'versionName')),
    minSdk: numberOf(attr(sdk, 'minSdkVersion')),
    targetSdk: numberOf(attr(sdk, 'targetSdkVersion')),
    permissions: [...new Set(permissions)],
    definedPermissions,
    components,
    metaData,
    debuggable: attr(app, 'debuggable')?.value === true,
    allowBackup: booleanOf(attr(app, 'allowBackup')),
  };
}

function attr(e: XmlElement | undefined, key: keyof typeof ids): XmlAttribute | undefined {
  if (e === undefined) return undefined;
  const id = ids[key];
  return (
    e.attributes.find((a) => a.resourceId === id) ??
    e.attributes.find((a) => a.resourceId === undefined && a.name === key)
  );
}

function stringOf(a: XmlAttribute | undefined): string | undefined {
  if (a === undefined) return undefined;
  return typeof a.value === 'string' ? a.value : String(a.value);
}

function numberOf(a: XmlAttribute | undefined): number | undefined {
  if (a === undefined) return undefined;
  const n = typeof a.value === 'number' ? a.value : Number(a.value);
  return Number.isFinite(n) ? n : undefined;
}

function booleanOf(a: XmlAttribute | undefined): boolean | undefined {
  return typeof a?.value === 'boolean' ? a.value : undefined;
}

/** `.Main` and `Main` are relative to the package; dotted names are whole. */
function qualify(name: string, pkg: string): string {
  if (name.startsWith('.')) return pkg + name;
  return name.includes('.') ? name : `${pkg}.${name}`;
}
