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
    version: 6,
    name: 'firmware scans',
    sql: `
      CREATE TABLE firmware_scans (
        id BIGSERIAL PRIMARY KEY,
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
        scan_id BIGINT NOT NULL REFERENCES firmware_scans (id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        PRIMARY KEY (model, scan_id)
      );
      INSERT INTO store_changes (area, n) VALUES ('firmware', 0);`,
  },
  {
    // Street cameras. The spatial index is PostGIS's when the extension can be created (installed
    // on the server, and the role may create it); else a GiST index over PostgreSQL's own point
    // boxes, as map_points has. The store reads which one exists (pg-cameras.ts), and
    // `sousveil db status` and serve say when PostGIS is missing.
    version: 7,
    name: 'street cameras',
    sql: `
      CREATE TABLE cameras (
        rowid BIGSERIAL PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE,
        lat DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN -180 AND 180),
        version BIGINT,
        maker TEXT COLLATE "C",
        covered BOOLEAN NOT NULL,
        type TEXT COLLATE "C" NOT NULL,
        operator_type TEXT COLLATE "C",
        data_json TEXT NOT NULL
      );
      DO $$
      BEGIN
        BEGIN
          CREATE EXTENSION IF NOT EXISTS postgis;
        EXCEPTION WHEN OTHERS THEN
          RAISE NOTICE 'PostGIS is not available (%): cameras get a GiST index on point boxes', SQLERRM;
        END;
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') THEN
          EXECUTE 'CREATE INDEX cameras_geo ON cameras USING gist ((ST_SetSRID(ST_MakePoint(lon, lat), 4326)))';
        ELSE
          EXECUTE 'CREATE INDEX cameras_box ON cameras USING gist (box(point(lon, lat), point(lon, lat)))';
        END IF;
      END $$;
      CREATE TABLE camera_cells (
        level INTEGER NOT NULL, gx INTEGER NOT NULL, gy INTEGER NOT NULL,
        maker TEXT COLLATE "C" NOT NULL, covered INTEGER NOT NULL, type TEXT COLLATE "C" NOT NULL,
        operator_type TEXT COLLATE "C" NOT NULL,
        n BIGINT NOT NULL, slat DOUBLE PRECISION NOT NULL, slon DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (level, gx, gy, maker, covered, type, operator_type)
      );
      CREATE TABLE camera_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO camera_state (key, value) VALUES ('cells_fresh', '1');`,
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
    version: 10,
    name: 'street cameras by country and city',
    sql: `
      ALTER TABLE cameras ADD COLUMN country TEXT COLLATE "C";
      ALTER TABLE cameras ADD COLUMN city TEXT COLLATE "C";
      ALTER TABLE cameras ADD COLUMN city_from_tag BOOLEAN NOT NULL DEFAULT false;
      CREATE TABLE osm_places (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        lat DOUBLE PRECISION NOT NULL,
        lon DOUBLE PRECISION NOT NULL
      );`,
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
  {
    // Citizen reports as SQLite keeps them (nothing about the reporter; the day only; the position
    // already on the ~5 m grid), photos as bytea beside them, decisions and moderators' accounts.
    version: 12,
    name: 'citizen reports',
    sql: `
      CREATE TABLE reports (
        rowid BIGSERIAL PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE,
        day TEXT NOT NULL,
        lat DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN -180 AND 180),
        type TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'rejected')),
        data_json TEXT NOT NULL
      );
      CREATE INDEX reports_status ON reports (status, rowid);
      CREATE TABLE report_photos (
        report_rowid BIGINT PRIMARY KEY REFERENCES reports (rowid) ON DELETE CASCADE,
        type TEXT NOT NULL,
        bytes BYTEA NOT NULL
      );
      CREATE TABLE report_decisions (
        rowid BIGSERIAL PRIMARY KEY,
        report_id TEXT COLLATE "C" NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        moderator TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
        reason TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX report_decisions_report ON report_decisions (report_id, rowid);
      CREATE TABLE moderators (
        name TEXT COLLATE "C" PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('moderator', 'admin')),
        password_hash TEXT NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_day TEXT NOT NULL
      );
      INSERT INTO store_changes (area, n) VALUES ('reports', 0);`,
  },
  {
    // Merging a report into a mapped camera or an earlier report (as SQLite's migration 13): a
    // `merged` status and the target in the audit log.
    version: 13,
    name: 'report merges',
    sql: `
      ALTER TABLE reports DROP CONSTRAINT reports_status_check;
      ALTER TABLE reports ADD CONSTRAINT reports_status_check
        CHECK (status IN ('new', 'accepted', 'rejected', 'merged'));
      ALTER TABLE report_decisions DROP CONSTRAINT report_decisions_decision_check;
      ALTER TABLE report_decisions ADD CONSTRAINT report_decisions_decision_check
        CHECK (decision IN ('accept', 'reject', 'merge'));
      ALTER TABLE report_decisions ADD COLUMN merged_kind TEXT
        CHECK (merged_kind IN ('camera', 'report'));
      ALTER TABLE report_decisions ADD COLUMN merged_id TEXT COLLATE "C";
      ALTER TABLE report_decisions ADD CONSTRAINT report_decisions_merge_target
        CHECK ((decision = 'merge') = (merged_kind IS NOT NULL AND merged_id IS NOT NULL));
      CREATE INDEX reports_status_position ON reports (status, lat, lon);
      CREATE INDEX report_decisions_merged ON report_decisions (merged_id) WHERE merged_id IS NOT NULL;`,
  },
  {
    // SQLite's migration 14 moved its street cameras from an R*Tree to Z-order keys; PostgreSQL's
    // cameras keep their spatial index (PostGIS or GiST boxes). Numbered so both databases share
    // one list of versions.
    version: 14,
    name: 'street cameras by Z-order key (SQLite only)',
    sql: `SELECT 1;`,
  },
  {
    // Sites and their scan agents (issue 17): enrollment codes and agents' tokens kept as SHA-256
    // only; an agent's upload id saved once (unique per agent), its scan kept as long as it is.
    version: 15,
    name: 'sites and agents',
    sql: `
      CREATE TABLE sites (
        id BIGSERIAL PRIMARY KEY,
        name TEXT COLLATE "C" NOT NULL UNIQUE,
        ranges_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE enrollment_codes (
        code_sha256 TEXT PRIMARY KEY,
        site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE TABLE agents (
        id BIGSERIAL PRIMARY KEY,
        site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        token_sha256 TEXT NOT NULL UNIQUE,
        enrolled_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        every_s BIGINT,
        revoked_at TEXT
      );
      CREATE INDEX agents_site ON agents (site_id, id);
      CREATE TABLE agent_uploads (
        id BIGSERIAL PRIMARY KEY,
        agent_id BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        upload_id TEXT NOT NULL,
        site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
        scan_id BIGINT REFERENCES scans (id) ON DELETE SET NULL,
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
    // SQLite's migration 17 keyed its street cameras by their OSM element (its rowid); here the
    // rowid stays a sequence in insertion order, so exports list cameras in that order rather
    // than by element. Numbered so both databases share one list of versions.
    version: 17,
    name: 'street cameras keyed by OSM element (SQLite only)',
    sql: `SELECT 1;`,
  },
];
