// App audit: ZIP, DEX, binary XML, ELF and signing-block parsing (pure over bytes), SDK matching
// against the kb, and the report. Adapters (file reading, zlib) are imported from their own files.
export { readZipDirectory, type ZipEntry, type ZipLimits, type ZipDirectory } from './zip.js';
export { ZipArchive, defaultReadLimits, type Inflate, type ReadLimits } from './zip-read.js';
export { ArchiveRefusedError } from './archive-refused.js';
export { parseDex, type DexSummary } from './dex.js';
export { parseAxml, type XmlElement } from './axml.js';
export { readManifest, type Manifest } from './manifest.js';
export { parseElf, type ElfSummary } from './elf.js';
export { readPkcs7Certificate, readSigningBlock, type SigningCertificate } from './signing.js';
export { readApp, type AppInventory, type ReadProgress } from './inventory.js';
export { detectSdks, type SdkFinding, type SdkEvidence } from './detect.js';
export { buildAppReport, presenceNote, type AppReport, type SdkReport } from './report.js';
export { formatAppTable } from './format-table.js';
export { formatAppHtml } from './format-html.js';
export { failsOn, failOnChoices, type FailOn } from './fail-on.js';
export { diffAppReports, type AppReportDiff } from './diff.js';
export { BytesView, hex, decodeUtf8 } from './bytes-view.js';
export { entryDataOffset } from './zip.js';
export { toAppScan } from './saved.js';
export { appReportView, appScanItem } from './views.js';
