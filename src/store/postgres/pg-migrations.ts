// PostgreSQL migrations: the same numbers as SQLite's where the tables correspond, so `db status`
// can compare the two. Text that is sorted is compared byte by byte (COLLATE "C"), as SQLite does.
import type { Migration } from '../sqlite/migrations.js';

/** PostgreSQL migrations. Never edit an applied one: add a new version. */
export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'scans',
    sql: `
      CREATE TABLE scans (
        id BIGSERIAL PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('scan', 'import')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        params_json TEXT NOT NULL,
        summary_json TEXT
      );
      CREATE TABLE scan_hosts (
        scan_id BIGINT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        address TEXT COLLATE "C" NOT NULL,
        mac TEXT,
        maker TEXT,
        brand TEXT,
        model TEXT,
        firmware TEXT,
        device_type TEXT,
        confidence TEXT,
        covered BOOLEAN NOT NULL,
        verdict_json TEXT NOT NULL,
        PRIMARY KEY (scan_id, address)
      );
      CREATE INDEX scan_hosts_maker ON scan_hosts (scan_id, maker);`,
  },
  {
    version: 2,
    name: 'records',
    sql: `
      CREATE TABLE records (
        kind TEXT COLLATE "C" NOT NULL,
        id TEXT COLLATE "C" NOT NULL,
        data_json TEXT NOT NULL,
        sources_json TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      );`,
  },
  {
    // Points in a GiST index of PostgreSQL's own geometric boxes: no PostGIS needed for boxes.
    version: 3,
    name: 'map points',
    sql: `
      CREATE TABLE map_points (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        lat DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN -180 AND 180),
        data_json TEXT NOT NULL
      );
      CREATE INDEX map_points_box ON map_points USING gist (box(point(lon, lat), point(lon, lat)));`,
  },
  {
    version: 4,
    name: 'change counters',
    sql: `
      CREATE TABLE store_changes (area TEXT PRIMARY KEY, n BIGINT NOT NULL);
      INSERT INTO store_changes (area, n) VALUES ('scans', 0), ('records', 0), ('map', 0);`,
  },
  {
    version: 5,
    name: 'app scans',
    sql: `
      CREATE TABLE app_scans (
        id BIGSERIAL PRIMARY KEY,
        scanned_at TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        package TEXT,
        version_code BIGINT,
        version_name TEXT,
        sdk_count INTEGER NOT NULL,
        prc_sdk_count INTEGER NOT NULL,
        report_json TEXT NOT NULL
      );
      CREATE INDEX app_scans_package ON app_scans (package, id);
      CREATE TABLE app_scan_sdks (
        scan_id BIGINT NOT NULL REFERENCES app_scans (id) ON DELETE CASCADE,
        sdk_id TEXT NOT NULL,
        PRIMARY KEY (sdk_id, scan_id)
      );
      INSERT INTO store_changes (area, n) VALUES ('apps', 0);`,
  },
  {
    // Accents folded by unaccent (PostgreSQL's contrib, in Debian's postgresql package); the
    // 'simple' configuration keeps words as written (no stemming), as SQLite's tokenizer does.
    version: 8,
    name: 'search index',
    sql: `
      CREATE EXTENSION IF NOT EXISTS unaccent;
      CREATE TABLE search_index (
        n BIGSERIAL PRIMARY KEY,
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        words TSVECTOR NOT NULL
      );
      CREATE INDEX search_index_words ON search_index USING gin (words);
      CREATE TABLE search_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO store_changes (area, n) VALUES ('search', 0);`,
  },
  {
    version: 9,
    name: 'app scans by hash',
    sql: `CREATE INDEX app_scans_sha256 ON app_scans (sha256, id);`,
  },
  {
    version: 11,
    name: 'scan verdict parts',
    sql: `
      CREATE TABLE scan_parts (
        scan_id BIGINT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        part INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (scan_id, part)
      );`,
  },
];
