/** Every migration, oldest first. Append only: a released migration is never edited. */
import { initialSchema } from './001-initial-schema.js';
import { threadsEngagementSearchAudit } from './002-threads-engagement-search-audit.js';
import { syncHealthControl } from './003-sync-health-control.js';
import { lateMatchBaseline } from './005-late-match-baseline.js';
import { decisionsAndRounds } from './006-decisions-and-rounds.js';
import { captureExclusions } from './007-capture-exclusions.js';
import { leaseHeartbeat } from './008-lease-heartbeat.js';
import { runFigures } from './009-run-figures.js';
import { crmConnection } from './012-crm-connection.js';
import { auditPending } from './013-audit-pending.js';
import { lateMatchPendingIndex } from './014-late-match-pending-index.js';
import { threadPending } from './015-thread-pending.js';
import type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [initialSchema, threadsEngagementSearchAudit, syncHealthControl, lateMatchBaseline, decisionsAndRounds, captureExclusions, leaseHeartbeat, runFigures, crmConnection, auditPending, lateMatchPendingIndex, threadPending];
