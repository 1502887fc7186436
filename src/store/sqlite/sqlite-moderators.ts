import type { Moderator, ModeratorRepository } from '../store.js';
import { listedModerator, moderatorOf as toModerator, type ModeratorRow } from '../report-rows.js';
import type { SqliteConn } from './sqlite-lock.js';

/** Moderators' accounts in SQLite (migration 12); their writes move the `reports` area. */
export class SqliteModerators implements ModeratorRepository {
  constructor(private readonly c: SqliteConn) {}

  async add(m: Omit<Moderator, 'failedLogins' | 'lockedUntil'>): Promise<boolean> {
    const info = await this.c.write('reports', () =>
      this.c.db
        .prepare(
          'INSERT OR IGNORE INTO moderators (name, role, password_hash, created_day) VALUES (?, ?, ?, ?)',
        )
        .run(m.name, m.role, m.passwordHash, m.createdDay),
    );
    return info.changes > 0;
  }

  async get(name: string): Promise<Moderator | undefined> {
    const row = await this.c.read(
      () =>
        this.c.db.prepare('SELECT * FROM moderators WHERE name = ?').get(name) as
          ModeratorRow | undefined,
    );
    return row === undefined ? undefined : toModerator(row);
  }

  async list(): Promise<Omit<Moderator, 'passwordHash'>[]> {
    const rows = await this.c.read(
      () => this.c.db.prepare('SELECT * FROM moderators ORDER BY name').all() as ModeratorRow[],
    );
    return rows.map(listedModerator);
  }

  async setLoginState(name: string, failedLogins: number, lockedUntil?: string): Promise<void> {
    await this.c.write('reports', () =>
      this.c.db
        .prepare('UPDATE moderators SET failed_logins = ?, locked_until = ? WHERE name = ?')
        .run(failedLogins, lockedUntil ?? null, name),
    );
  }
}
