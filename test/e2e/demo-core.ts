/**
 * The core the e2e console runs against: the real app on the sandbox tenant over HTTPS and a
 * fresh database on the test MariaDB, exactly as `correspondent demo` composes it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startDemo, type DemoRuntime } from '../../src-main/app/demo-runtime.js';
import type { AuditExportSink } from '../../src-main/app/handlers/audit-handlers.js';
import { silentLogger } from '../../src-main/logging/logger.js';
import { createTestDatabase } from '../support/test-database.js';

export type E2eCore = DemoRuntime & { dispose(): Promise<void> };

export async function startE2eCore(options: { auditExportSink?: AuditExportSink; alertWebhookUrl?: string } = {}): Promise<E2eCore> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'correspondent-e2e-'));
  const { alertWebhookUrl, ...rest } = options;
  // The webhook arrives as the shells read it: from the environment (compose-app.ts).
  const env = alertWebhookUrl ? { env: { CORRESPONDENT_ALERT_WEBHOOK_URL: alertWebhookUrl } } : {};
  const demo = await startDemo({ mariadbUrl: database.url, mariadbCaFile: null, dataDir, shell: 'headless', logger: silentLogger(), seed: 11, ...env, ...rest });
  return {
    ...demo,
    async dispose() {
      await demo.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
