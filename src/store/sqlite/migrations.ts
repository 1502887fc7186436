import { cameraIdSql } from './camera-key.js';

/** One schema change; applied once, in order, recorded in schema_migrations. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** SQLite migrations. Never edit an applied one: add a new version. */
export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'scans',
    sql: `
      CREATE TABLE scans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('scan', 'import')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        params_json TEXT NOT NULL,
        summary_json TEXT
      );
      CREATE TABLE scan_hosts (
        scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
        address TEXT NOT NULL,
        mac TEXT,
        maker TEXT,
        brand TEXT,
        model TEXT,
        firmware TEXT,
        device_type TEXT,
        confidence TEXT,
        covered INTEGER NOT NULL,
        verdict_json TEXT NOT NULL,
        PRIMARY KEY (scan_id, address)
      );
      CREATE INDEX scan_hosts_maker ON scan_hosts(scan_id, maker);`,
  },
  {
    version: 2,
    name: 'records',
    sql: `
      CREATE TABLE records (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        data_json TEXT NOT NULL,
        sources_json TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      );`,
  },
  {
    version: 3,
    name: 'map points',
    sql: `
      CREATE TABLE map_points (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
        data_json TEXT NOT NULL
      );
      CREATE VIRTUAL TABLE map_points_rtree USING rtree(rowid, min_lon, max_lon, min_lat, max_lat);`,
  },
  {
    version: 4,
    name: 'change counters',
    sql: `
      CREATE TABLE store_changes (area TEXT PRIMARY KEY, n INTEGER NOT NULL);
      INSERT INTO store_changes (area, n) VALUES ('scans', 0), ('records', 0), ('map', 0);`,
  },
  {
    version: 5,
    name: 'app scans',
    sql: `
      CREATE TABLE app_scans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scanned_at TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        package TEXT,
        version_code INTEGER,
        version_name TEXT,
        sdk_count INTEGER NOT NULL,
        prc_sdk_count INTEGER NOT NULL,
        report_json TEXT NOT NULL
      );
      CREATE INDEX app_scans_package ON app_scans (package, id);
      CREATE TABLE app_scan_sdks (
        scan_id INTEGER NOT NULL REFERENCES app_scans (id) ON DELETE CASCADE,
        sdk_id TEXT NOT NULL,
        PRIMARY KEY (sdk_id, scan_id)
      );
      INSERT INTO store_changes (area, n) VALUES ('apps', 0);`,
  },
  {
    // Firmware audits: summary columns for lists and filters, the models an image serves (for
    // "firmware seen for this model/vendor"), the report as a document.
    version: 6,
    name: 'firmware scans',
    sql: `
      CREATE TABLE firmware_scans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scanned_at TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        container TEXT NOT NULL,
        maker TEXT,
        brand TEXT,
        version TEXT,
        build_date TEXT,
        affected_count INTEGER NOT NULL,
        kev_count INTEGER NOT NULL,
        indicator_count INTEGER NOT NULL,
        component_count INTEGER NOT NULL,
        report_json TEXT NOT NULL
      );
      CREATE INDEX firmware_scans_maker ON firmware_scans (maker, id);
      CREATE TABLE firmware_scan_models (
        scan_id INTEGER NOT NULL REFERENCES firmware_scans (id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        PRIMARY KEY (model, scan_id)
      );
      INSERT INTO store_changes (area, n) VALUES ('firmware', 0);`,
  },
  {
    // OSM street cameras: the columns the map filters on, the normalised camera as JSON, an R*Tree.
    version: 7,
    name: 'street cameras',
    sql: `
      CREATE TABLE cameras (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
        version INTEGER,
        maker TEXT,
        covered INTEGER NOT NULL CHECK (covered IN (0, 1)),
        type TEXT NOT NULL,
        operator_type TEXT,
        data_json TEXT NOT NULL
      );
      CREATE VIRTUAL TABLE cameras_rtree USING rtree(rowid, min_lon, max_lon, min_lat, max_lat);
      CREATE TABLE camera_cells (
        level INTEGER NOT NULL, gx INTEGER NOT NULL, gy INTEGER NOT NULL,
        maker TEXT NOT NULL, covered INTEGER NOT NULL, type TEXT NOT NULL, operator_type TEXT NOT NULL,
        n INTEGER NOT NULL, slat REAL NOT NULL, slon REAL NOT NULL,
        PRIMARY KEY (level, gx, gy, maker, covered, type, operator_type)
      ) WITHOUT ROWID;
      CREATE TABLE camera_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO camera_state (key, value) VALUES ('cells_fresh', '1');`,
  },
  {
    version: 8,
    name: 'search index',
    sql: `
      CREATE VIRTUAL TABLE search_index USING fts5(
        type UNINDEXED, id UNINDEXED, url UNINDEXED, title, body,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TABLE search_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO store_changes (area, n) VALUES ('search', 0);`,
  },
  {
    // An uploaded app already audited is found by its hash rather than audited twice.
    version: 9,
    name: 'app scans by hash',
    sql: `CREATE INDEX app_scans_sha256 ON app_scans (sha256, id);`,
  },
  {
    version: 10,
    name: 'street cameras by country and city',
    sql: `
      ALTER TABLE cameras ADD COLUMN country TEXT;
      ALTER TABLE cameras ADD COLUMN city TEXT;
      ALTER TABLE cameras ADD COLUMN city_from_tag INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE osm_places (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        lat REAL NOT NULL,
        lon REAL NOT NULL
      ) WITHOUT ROWID;`,
  },
  {
    // Parts that repeat across the verdicts of one scan (restrictions, advisories, evidence
    // items), stored once per scan.
    version: 11,
    name: 'scan verdict parts',
    sql: `
      CREATE TABLE scan_parts (
        scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
        part INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (scan_id, part)
      ) WITHOUT ROWID;`,
  },
  {
    // Citizen reports: nothing about the reporter (no address, agent, account or exact time; the
    // day only, the position already on the ~5 m grid); photos, already made safe, beside them;
    // moderators' decisions as an audit log, and the moderators' accounts (scrypt hashes).
    version: 12,
    name: 'citizen reports',
    sql: `
      CREATE TABLE reports (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL,
        lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
        type TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'rejected')),
        data_json TEXT NOT NULL
      );
      CREATE INDEX reports_status ON reports (status, rowid);
      CREATE TABLE report_photos (
        report_rowid INTEGER PRIMARY KEY REFERENCES reports (rowid) ON DELETE CASCADE,
        type TEXT NOT NULL,
        bytes BLOB NOT NULL
      );
      CREATE TABLE report_decisions (
        rowid INTEGER PRIMARY KEY,
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        moderator TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
        reason TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX report_decisions_report ON report_decisions (report_id, rowid);
      CREATE TABLE moderators (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('moderator', 'admin')),
        password_hash TEXT NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_day TEXT NOT NULL
      );
      INSERT INTO store_changes (area, n) VALUES ('reports', 0);`,
  },
  {
    // Merging a report into a mapped camera or an earlier report: a `merged` status and the
    // target in the audit log. SQLite cannot change a CHECK constraint, so the three report tables
    // are copied into new ones; the children are dropped before their parent, so no ON DELETE
    // CASCADE fires, and renaming the new parent rewrites the children's references to it.
    version: 13,
    name: 'report merges',
    sql: `
      CREATE TABLE reports_13 (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL,
        lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
        type TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new'
          CHECK (status IN ('new', 'accepted', 'rejected', 'merged')),
        data_json TEXT NOT NULL
      );
      INSERT INTO reports_13 (rowid, id, day, lat, lon, type, status, data_json)
        SELECT rowid, id, day, lat, lon, type, status, data_json FROM reports;
      CREATE TABLE report_photos_13 (
        report_rowid INTEGER PRIMARY KEY REFERENCES reports_13 (rowid) ON DELETE CASCADE,
        type TEXT NOT NULL,
        bytes BLOB NOT NULL
      );
      INSERT INTO report_photos_13 SELECT report_rowid, type, bytes FROM report_photos;
      CREATE TABLE report_decisions_13 (
        rowid INTEGER PRIMARY KEY,
        report_id TEXT NOT NULL REFERENCES reports_13 (id) ON DELETE CASCADE,
        moderator TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'merge')),
        reason TEXT NOT NULL,
        at TEXT NOT NULL,
        merged_kind TEXT CHECK (merged_kind IN ('camera', 'report')),
        merged_id TEXT,
        CHECK ((decision = 'merge') = (merged_kind IS NOT NULL AND merged_id IS NOT NULL))
      );
      INSERT INTO report_decisions_13 (rowid, report_id, moderator, decision, reason, at)
        SELECT rowid, report_id, moderator, decision, reason, at FROM report_decisions;
      DROP TABLE report_decisions;
      DROP TABLE report_photos;
      DROP TABLE reports;
      ALTER TABLE reports_13 RENAME TO reports;
      ALTER TABLE report_photos_13 RENAME TO report_photos;
      ALTER TABLE report_decisions_13 RENAME TO report_decisions;
      CREATE INDEX reports_status ON reports (status, rowid);
      CREATE INDEX reports_status_position ON reports (status, lat, lon);
      CREATE INDEX report_decisions_report ON report_decisions (report_id, rowid);
      CREATE INDEX report_decisions_merged ON report_decisions (merged_id) WHERE merged_id IS NOT NULL;`,
  },
  {
    // Street cameras indexed by a Z-order key in a B-tree instead of an R*Tree: a million cameras
    // are indexed in one sort (an R*Tree took seconds per hundred thousand inserts). The cluster
    // grid keeps zooms 0 to 10; finer views group the cameras they hold. `sousveil_zkey` is the
    // store's own SQL function (zorder.ts), registered on every connection.
    version: 14,
    name: 'street cameras by Z-order key',
    sql: `
      ALTER TABLE cameras ADD COLUMN zkey INTEGER NOT NULL DEFAULT 0;
      UPDATE cameras SET zkey = sousveil_zkey(lat, lon);
      CREATE INDEX cameras_zkey ON cameras (zkey, lat, lon, covered, maker, type, operator_type);
      DROP TABLE cameras_rtree;
      DELETE FROM camera_cells WHERE level > 5;`,
  },
  {
    // Sites and their scan agents (issue 17): enrollment codes and agents' tokens kept as SHA-256
    // only; an agent's upload id saved once (unique per agent), its scan kept as long as it is.
    version: 15,
    name: 'sites and agents',
    sql: `
      CREATE TABLE sites (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        ranges_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE enrollment_codes (
        code_sha256 TEXT PRIMARY KEY,
        site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE TABLE agents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        token_sha256 TEXT NOT NULL UNIQUE,
        enrolled_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        every_s INTEGER,
        revoked_at TEXT
      );
      CREATE INDEX agents_site ON agents (site_id, id);
      CREATE TABLE agent_uploads (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        upload_id TEXT NOT NULL,
        site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        scan_id INTEGER REFERENCES scans (id) ON DELETE SET NULL,
        received_at TEXT NOT NULL,
        result_json TEXT NOT NULL,
        changes_json TEXT,
        UNIQUE (agent_id, upload_id)
      );
      CREATE INDEX agent_uploads_site ON agent_uploads (site_id, id);
      CREATE INDEX agent_uploads_scan ON agent_uploads (scan_id);
      INSERT INTO store_changes (area, n) VALUES ('sites', 0);`,
  },
  {
    // The street map's cluster grid gained a level (zoom 11's cells, which serve zoom 12 too):
    // a grid built before has no rows there, so it is marked stale. Until the next `map import`
    // rebuilds it, views are grouped from the cameras themselves (right, only slower).
    version: 16,
    name: 'cluster grid level for zooms 11 and 12',
    sql: `UPDATE camera_state SET value = '0' WHERE key = 'cells_fresh';`,
  },
  {
    // Street cameras keyed by their OSM element as one integer (camera-key.ts), the table's rowid;
    // the text id is computed from it. An import appends in id order instead of inserting all over
    // a UNIQUE text index. The cameras are copied in key order, then the position index is made.
    // Only ids as an import writes them are copied (n, w or r and a whole number within ±2^50 in
    // its shortest form): an older version took others from hostile files ("n1e+21"), which no
    // OSM element has. The grid is made again at the next import. The old table's pages stay in
    // the file as free pages, reused by later writes (VACUUM gives them back to the disk).
    version: 17,
    name: 'street cameras keyed by OSM element',
    sql: `
      CREATE TABLE cameras_by_key (
        rowid INTEGER PRIMARY KEY,
        id TEXT GENERATED ALWAYS AS (${cameraIdSql}) VIRTUAL,
        lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
        zkey INTEGER NOT NULL,
        version INTEGER,
        maker TEXT,
        covered INTEGER NOT NULL CHECK (covered IN (0, 1)),
        type TEXT NOT NULL,
        operator_type TEXT,
        country TEXT,
        city TEXT,
        city_from_tag INTEGER NOT NULL DEFAULT 0,
        data_json TEXT NOT NULL
      );
      INSERT INTO cameras_by_key (rowid, lat, lon, zkey, version, maker, covered, type, operator_type, country, city, city_from_tag, data_json)
        SELECT CAST(substr(id, 2) AS INTEGER) * 4 + instr('nwr', substr(id, 1, 1)) - 1,
               lat, lon, zkey, version, maker, covered, type, operator_type, country, city, city_from_tag, data_json
        FROM cameras
        WHERE length(id) >= 2 AND instr('nwr', substr(id, 1, 1)) > 0
          AND CAST(CAST(substr(id, 2) AS INTEGER) AS TEXT) = substr(id, 2)
          AND CAST(substr(id, 2) AS INTEGER) BETWEEN -1125899906842624 AND 1125899906842624
        ORDER BY 1;
      DROP TABLE cameras;
      ALTER TABLE cameras_by_key RENAME TO cameras;
      CREATE INDEX cameras_zkey ON cameras (zkey, lat, lon, covered, maker, type, operator_type);
      UPDATE camera_state SET value = '0' WHERE key = 'cells_fresh';`,
  },
];
