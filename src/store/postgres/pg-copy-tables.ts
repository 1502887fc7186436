// The tables `db copy` moves, in an order that keeps references valid (scans before their
// hosts, reports before their photos), as both databases hold them.

/** One table as both sides hold it: its columns, its key order, and how to insert it. */
export interface TableCopy {
  table: string;
  columns: readonly string[];
  /** The checksum's order: a unique key; text compared byte by byte on both sides. */
  key: readonly string[];
  /** Key columns that are numbers (the others are text). */
  numeric?: readonly string[];
  /** Columns SQLite keeps as 0/1 and PostgreSQL as booleans. */
  booleans?: readonly string[];
  /** A table the migrations fill with defaults: emptied before the copy, not refused when full. */
  replaced?: boolean;
  /** The column of a serial id whose sequence continues after the ids copied. */
  serial?: string;
  /** Extra INSERT expressions computed by PostgreSQL from the row's parameters. */
  computed?: { column: string; expression: (param: (column: string) => string) => string };
}

export const tables: readonly TableCopy[] = [
  {
    table: 'scans',
    columns: ['id', 'kind', 'started_at', 'finished_at', 'params_json', 'summary_json'],
    key: ['id'],
    numeric: ['id'],
    serial: 'id',
  },
  {
    table: 'scan_hosts',
    columns: [
      'scan_id',
      'address',
      'mac',
      'maker',
      'brand',
      'model',
      'firmware',
      'device_type',
      'confidence',
      'covered',
      'verdict_json',
    ],
    key: ['scan_id', 'address'],
    numeric: ['scan_id'],
    booleans: ['covered'],
  },
  {
    table: 'scan_parts',
    columns: ['scan_id', 'part', 'json'],
    key: ['scan_id', 'part'],
    numeric: ['scan_id', 'part'],
  },
  { table: 'records', columns: ['kind', 'id', 'data_json', 'sources_json'], key: ['kind', 'id'] },
  { table: 'map_points', columns: ['id', 'kind', 'lat', 'lon', 'data_json'], key: ['id'] },
  {
    table: 'search_index',
    columns: ['type', 'id', 'url', 'title', 'body'],
    key: ['type', 'id', 'url'],
    computed: {
      column: 'words',
      expression: (p) =>
        `setweight(to_tsvector('simple', unaccent(${p('title')})), 'A') || setweight(to_tsvector('simple', unaccent(${p('body')})), 'B')`,
    },
  },
  { table: 'search_state', columns: ['key', 'value'], key: ['key'], replaced: true },
  {
    table: 'app_scans',
    columns: [
      'id',
      'scanned_at',
      'file',
      'sha256',
      'package',
      'version_code',
      'version_name',
      'sdk_count',
      'prc_sdk_count',
      'report_json',
    ],
    key: ['id'],
    numeric: ['id'],
    serial: 'id',
  },
  {
    table: 'app_scan_sdks',
    columns: ['scan_id', 'sdk_id'],
    key: ['sdk_id', 'scan_id'],
    numeric: ['scan_id'],
  },
  {
    table: 'firmware_scans',
    columns: [
      'id',
      'scanned_at',
      'file',
      'sha256',
      'container',
      'maker',
      'brand',
      'version',
      'build_date',
      'affected_count',
      'kev_count',
      'indicator_count',
      'component_count',
      'report_json',
    ],
    key: ['id'],
    numeric: ['id'],
    serial: 'id',
  },
  {
    table: 'firmware_scan_models',
    columns: ['scan_id', 'model'],
    key: ['model', 'scan_id'],
    numeric: ['scan_id'],
  },
  {
    table: 'cameras',
    columns: [
      'rowid',
      'id',
      'lat',
      'lon',
      'version',
      'maker',
      'covered',
      'type',
      'operator_type',
      'data_json',
      'country',
      'city',
      'city_from_tag',
    ],
    key: ['rowid'],
    numeric: ['rowid'],
    booleans: ['covered', 'city_from_tag'],
    serial: 'rowid',
  },
  {
    table: 'camera_cells',
    columns: [
      'level',
      'gx',
      'gy',
      'maker',
      'covered',
      'type',
      'operator_type',
      'n',
      'slat',
      'slon',
    ],
    key: ['level', 'gx', 'gy', 'maker', 'covered', 'type', 'operator_type'],
    numeric: ['level', 'gx', 'gy', 'covered'],
  },
  { table: 'camera_state', columns: ['key', 'value'], key: ['key'], replaced: true },
  { table: 'osm_places', columns: ['id', 'name', 'kind', 'lat', 'lon'], key: ['id'] },
  {
    table: 'reports',
    columns: ['rowid', 'id', 'day', 'lat', 'lon', 'type', 'status', 'data_json'],
    key: ['rowid'],
    numeric: ['rowid'],
    serial: 'rowid',
  },
  {
    table: 'report_photos',
    columns: ['report_rowid', 'type', 'bytes'],
    key: ['report_rowid'],
    numeric: ['report_rowid'],
  },
  {
    table: 'report_decisions',
    columns: [
      'rowid',
      'report_id',
      'moderator',
      'decision',
      'reason',
      'at',
      'merged_kind',
      'merged_id',
    ],
    key: ['rowid'],
    numeric: ['rowid'],
    serial: 'rowid',
  },
  {
    table: 'moderators',
    columns: ['name', 'role', 'password_hash', 'failed_logins', 'locked_until', 'created_day'],
    key: ['name'],
  },
  {
    table: 'sites',
    columns: ['id', 'name', 'ranges_json', 'created_at'],
    key: ['id'],
    numeric: ['id'],
    serial: 'id',
  },
  {
    table: 'enrollment_codes',
    columns: ['code_sha256', 'site_id', 'expires_at', 'used_at'],
    key: ['code_sha256'],
  },
  {
    table: 'agents',
    columns: [
      'id',
      'site_id',
      'name',
      'token_sha256',
      'enrolled_at',
      'last_seen_at',
      'every_s',
      'revoked_at',
    ],
    key: ['id'],
    numeric: ['id'],
    serial: 'id',
  },
  {
    table: 'agent_uploads',
    columns: [
      'id',
      'agent_id',
      'upload_id',
      'site_id',
      'scan_id',
      'received_at',
      'result_json',
      'changes_json',
    ],
    key: ['id'],
    numeric: ['id'],
    serial: 'id',
  },
];
