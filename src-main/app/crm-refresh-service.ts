/**
 * Keeps the CRM tables current from the connected CRM (issue 22). Before every sync cycle each
 * instance asks for a refresh; one of them gets the shared lease (MariaDB, crm-refresh-state.ts)
 * and reads the CRM - incrementally, or in full when no cursor exists, the cursor expired or the
 * nightly full read is due (refresh-schedule.ts) - while the others wait for it (briefly) or find
 * it fresh and go on. The read is applied in one transaction (crm-apply.ts); any failure (wrong
 * credentials, a revoked token, the API limit, an outage midway) changes nothing, is recorded with
 * its named code and audited, and the previous copy keeps serving. Secrets come from the vault and
 * are never logged, audited or returned.
 */
import type { Dispatcher } from 'undici';
import {
  CONNECTED_CRM_SOURCES,
  crmConnectInputSchema,
  crmFieldMappingSchema,
  DEFAULT_FIELD_MAPPINGS,
  type ConnectedCrm,
  type CrmFieldMapping,
  type CrmRefreshReport,
  type CrmStatus,
} from '../../src-shared/crm-connection.js';
import { AppError } from '../../src-shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditSource } from '../audit/audit-entry.js';
import { createCrmConnector } from '../crm/connectors/connector-registry.js';
import { CrmCursorExpiredError, type CrmConnector, type CrmRecordRejection } from '../crm/connectors/crm-connector.js';
import { fullRefreshDue } from '../crm/connectors/refresh-schedule.js';
import type { Logger } from '../logging/logger.js';
import { SECRET_NAMES, type SecretStore } from '../settings/secret-store.js';
import type { CrmRefreshStore } from '../store/crm-refresh-port.js';

export type CrmRefreshServiceDeps = {
  store: CrmRefreshStore;
  /** The vault holding the CRM credential (the tenant's, or the installation's); null: none open. */
  vault: () => SecretStore | null;
  dispatcher: Dispatcher;
  /** Reloads the in-memory CRM after a refresh changed the tables. */
  reloadCrm: () => Promise<void>;
  audit: AuditLog;
  who: () => { actor: string; source: AuditSource };
  holder: string;
  clock: () => Date;
  logger: Logger;
  /** How long the refresh lease lasts (default 10 minutes). */
  leaseTtlMs?: number;
  /** A refresh that finished this recently is shared instead of repeated (default 60 s). */
  freshMs?: number;
  /** How long a cycle waits for another instance's refresh (default 60 s). */
  waitForOtherMs?: number;
};

export type CrmRefreshService = {
  /** The refresh before a sync cycle: shared, never throws (a failure is recorded, the old copy serves). */
  beforeCycle(signal?: AbortSignal): Promise<CrmRefreshReport>;
  /** `crm refresh`, "Refresh now": forced (not skipped for freshness), full when asked. */
  refresh(options: { full: boolean }, signal?: AbortSignal): Promise<CrmRefreshReport>;
  status(): Promise<CrmStatus>;
  /** Checks (unless told not to) and saves a connection; the secret goes to the vault only. */
  connect(input: unknown): Promise<CrmStatus>;
  /** One authenticated call with the saved connection. */
  test(signal?: AbortSignal): Promise<void>;
  setFieldMapping(mapping: unknown): Promise<CrmStatus>;
};

const SAMPLE = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());
const isConnected = (source: string): source is ConnectedCrm => (CONNECTED_CRM_SOURCES as readonly string[]).includes(source);
const noChanges = { upserted: 0, deleted: 0 };

function report(outcome: CrmRefreshReport['outcome'], extra: Partial<CrmRefreshReport> = {}): CrmRefreshReport {
  return { outcome, kind: null, requests: 0, changes: noChanges, reassigned: 0, rejected: 0, error: null, ...extra };
}

function errorOf(raw: unknown): AppError {
  if (raw instanceof AppError) return raw;
  if (raw instanceof CrmCursorExpiredError) return new AppError('crm-unreachable', raw.message, { retryable: true, cause: raw });
  return new AppError('internal', 'The CRM refresh failed unexpectedly; see the application log.', { cause: raw });
}

export function createCrmRefreshService(deps: CrmRefreshServiceDeps): CrmRefreshService {
  const { store, logger } = deps;
  const ttlMs = deps.leaseTtlMs ?? 10 * 60_000;
  const freshMs = deps.freshMs ?? 60_000;
  const waitMs = deps.waitForOtherMs ?? 60_000;
  let running: Promise<CrmRefreshReport> | null = null;

  async function connectorFor(source: ConnectedCrm, settings: unknown, secret: string, mapping: CrmFieldMapping | null): Promise<CrmConnector> {
    return createCrmConnector(source, { settings, secret, fieldMapping: mapping ?? DEFAULT_FIELD_MAPPINGS[source], dispatcher: deps.dispatcher, clock: deps.clock });
  }

  async function savedConnector(): Promise<{ connector: CrmConnector; source: ConnectedCrm } | null> {
    const connection = await store.connection();
    if (!isConnected(connection.source)) return null;
    const secret = (await deps.vault()?.get(SECRET_NAMES.crmSecret)) ?? null;
    if (secret === null) throw new AppError('not-configured', `The ${connection.source} connection's credential is not in this installation's vault; run \`correspondent crm connect\` here (or refresh from the instance that has it).`);
    return { connector: await connectorFor(connection.source, connection.settings ?? {}, secret, connection.fieldMapping), source: connection.source };
  }

  async function waitForOther(): Promise<void> {
    const until = Date.now() + waitMs;
    while (Date.now() < until) {
      const state = await store.state();
      if (!state.leaseLive) return;
      await sleep(250);
    }
  }

  async function run(force: boolean, wantFull: boolean, signal?: AbortSignal): Promise<CrmRefreshReport> {
    let saved;
    try {
      saved = await savedConnector();
    } catch (raw) {
      const error = errorOf(raw);
      return report('failed', { error: { code: error.code, message: error.message, at: deps.clock().toISOString() } });
    }
    if (saved === null) return report('unchanged');
    const claim = await store.claim(deps.holder, { ttlMs, freshMs: force ? 0 : freshMs, force });
    if (!claim.claimed) {
      if (claim.reason === 'held') await waitForOther();
      return report('skipped');
    }
    let kind: 'full' | 'incremental' = wantFull || fullRefreshDue(claim.state, deps.clock()) ? 'full' : 'incremental';
    const { connector, source } = saved;
    const options = (read: { cursor: string; rejected: CrmRecordRejection[]; requests: number }) => ({
      holder: deps.holder,
      source,
      cursor: read.cursor,
      rejected: read.rejected,
      requests: read.requests,
      who: { actor: 'system:crm-refresh', source: 'sync' },
    });
    try {
      let result;
      let requests = 0;
      if (kind === 'incremental') {
        try {
          const read = await connector.readChangesSince(claim.state.cursor as string, signal);
          requests = read.requests;
          result = await store.applyChanges(read.changes, options(read));
        } catch (raw) {
          if (!(raw instanceof CrmCursorExpiredError)) throw raw;
          logger.info({ source, reason: raw.message }, 'CRM cursor expired; reading everything');
          kind = 'full';
        }
      }
      if (kind === 'full') {
        const read = await connector.readAll(signal);
        requests += read.requests;
        result = await store.applySnapshot(read.snapshot, { ...options(read), requests });
      }
      if (!result) throw new Error('no refresh result');
      await deps.reloadCrm();
      logger.info({ source, kind, upserted: result.upserted, deleted: result.deleted, rejected: result.rejected.length, reassigned: result.reassigned, requests }, 'CRM refreshed');
      return report('refreshed', { kind, requests, changes: { upserted: result.upserted, deleted: result.deleted }, reassigned: result.reassigned, rejected: result.rejected.length });
    } catch (raw) {
      if (signal?.aborted) {
        await store.fail(deps.holder, { code: 'interrupted', message: 'The refresh was interrupted; the previous CRM copy keeps serving.' }, { forgetCursor: false }).catch(() => undefined);
        throw raw;
      }
      const error = errorOf(raw);
      if (error.code === 'internal') logger.error({ err: raw, source, kind }, 'CRM refresh failed unexpectedly');
      else logger.warn({ source, kind, code: error.code, message: error.message }, 'CRM refresh failed; the previous copy keeps serving');
      await store.fail(deps.holder, { code: error.code, message: error.message }, { forgetCursor: false });
      await deps.audit.record({ actor: 'system:crm-refresh', source: 'sync', action: 'crm.refreshFailed', payload: { source, kind, code: error.code, message: error.message.slice(0, 1000) } }).catch(() => undefined);
      return report('failed', { kind, error: { code: error.code, message: error.message, at: deps.clock().toISOString() } });
    }
  }

  /** One refresh at a time in this process: a second caller shares the running one. */
  function shared(force: boolean, full: boolean, signal?: AbortSignal): Promise<CrmRefreshReport> {
    if (running) return running;
    running = run(force, full, signal).finally(() => {
      running = null;
    });
    return running;
  }

  async function status(): Promise<CrmStatus> {
    const [connection, state, counts] = await Promise.all([store.connection(), store.state(), store.counts()]);
    const connected = isConnected(connection.source);
    const hasSecret = connected ? ((await deps.vault()?.get(SECRET_NAMES.crmSecret).catch(() => null)) ?? null) !== null : false;
    const empty = Object.values(counts).every((n) => n === 0);
    const lastRefreshAt = connected ? state.lastSuccessAt : empty ? null : await store.tablesChangedAt();
    const error = connected && state.error && (state.lastSuccessAt === null || Date.parse(state.error.at) >= Date.parse(state.lastSuccessAt)) ? state.error : null;
    return {
      source: connection.source,
      settings: connected ? (connection.settings ?? {}) : null,
      fieldMapping: connected ? (connection.fieldMapping ?? DEFAULT_FIELD_MAPPINGS[connection.source as ConnectedCrm]) : null,
      hasSecret,
      lastRefreshAt,
      lastRefreshKind: connected ? state.lastKind : lastRefreshAt ? 'import' : null,
      lastFullRefreshAt: connected ? state.lastFullAt : null,
      ageSeconds: lastRefreshAt ? Math.max(0, Math.round((deps.clock().getTime() - Date.parse(lastRefreshAt)) / 1000)) : null,
      counts,
      error,
      rejected: { count: connected ? state.rejectedCount : 0, sample: connected ? state.rejectedSample.slice(0, SAMPLE) : [] },
    };
  }

  return {
    beforeCycle: (signal) => shared(false, false, signal),
    refresh: ({ full }, signal) => shared(true, full, signal),
    status,
    async connect(raw) {
      const parsed = crmConnectInputSchema.safeParse(raw);
      if (!parsed.success) {
        throw new AppError('invalid-input', `Invalid CRM connection: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
      const input = parsed.data;
      const vault = deps.vault();
      if (!vault) throw new AppError('not-configured', 'No vault is open for the CRM credential (headless: set CORRESPONDENT_SECRET_KEY or CORRESPONDENT_SECRET_KEY_FILE).');
      const mapping = input.fieldMapping ?? DEFAULT_FIELD_MAPPINGS[input.source];
      // The connector validates the settings (a named invalid-input) before anything is saved.
      const connector = await connectorFor(input.source, input.settings, input.secret, mapping);
      if (input.test) await connector.testConnection();
      await vault.set(SECRET_NAMES.crmSecret, input.secret);
      await store.saveConnection({ source: input.source, settings: input.settings, fieldMapping: mapping }, deps.who().actor);
      await deps.audit.record({ ...deps.who(), action: 'crm.connected', payload: { source: input.source, settings: input.settings } });
      return status();
    },
    async test(signal) {
      const saved = await savedConnector();
      if (saved === null) throw new AppError('not-configured', 'No CRM is connected (the CRM comes from CSV imports); connect one first.');
      await saved.connector.testConnection(signal);
    },
    async setFieldMapping(raw) {
      const parsed = crmFieldMappingSchema.safeParse(raw);
      if (!parsed.success) {
        throw new AppError('invalid-input', `Invalid field mapping: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
      const connection = await store.connection();
      if (!isConnected(connection.source)) throw new AppError('not-configured', 'No CRM is connected; the field mapping applies to a connected CRM.');
      await store.saveFieldMapping(parsed.data, deps.who().actor);
      return status();
    },
  };
}
