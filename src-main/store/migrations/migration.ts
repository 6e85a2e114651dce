/** A schema change: applied once, in version order, recorded in schema_migrations. */
export type Migration = {
  version: number;
  name: string;
  /**
   * Statements run in order. MariaDB commits DDL implicitly, so a migration is not atomic:
   * write each statement so that re-running it after a crash is harmless (IF NOT EXISTS ...).
   */
  up: string[];
};
