/**
 * The growth bench's data set (issue 17 point 5): stored email number i (1, 2, 3 ...) defined once
 * in JS (for the product's real page commits) and once as SQL expressions of i (for the bulk fill,
 * INSERT ... SELECT over MariaDB's SEQUENCE engine), so that the fill writes the rows the real
 * commit path writes. `checkFillShape` proves it: the same emails committed through
 * MariaDbMailStore.commitPage in one database and filled by SQL in another give identical rows
 * (ids, batch ids and timestamps aside) in every table the page commit writes.
 *
 * The tenant: MAILBOXES sales mailboxes of contoso.example, CUSTOMERS customer accounts (one
 * domain, five contacts, one opportunity each). Email i: inbound (odd i, Inbox) from a customer
 * contact or outbound (even i, Sent Items) to one, a manager in Cc, threads of THREAD emails (the
 * root's key in References, the previous one in In-Reply-To), 30% linked to their account's
 * opportunity (assigned to its owner), 30% seen again from a colleague's mailbox (a second
 * sighting), one skipped message per stored email in the same mailbox (skip_decisions, its
 * audit entry, skip counts, missing-CRM domains), an `import.decision` audit entry per sighting.
 */
import { createHash } from 'node:crypto';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { CrmSnapshot } from '@correspondent/contract';
import type { ReasonCode } from '../../../src-shared/domain.js';
import { emptyCycleSummary } from '../../../src-shared/domain.js';
import type { CommitPageInput, ImportDecisionRecord, PageImport } from '../../../src-main/store/mail-store.js';
import type { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';
import { sealPending } from '../../../src-main/store/audit-seal.js';

export const MAILBOXES = 200;
export const CUSTOMERS = 2000;
export const THREAD = 5;
export const FOLDERS = ['inbox', 'sentitems', 'archive', 'customers'] as const;
export const BODY = 'Thanks for the call today. As discussed, the updated quote covers 40 seats.\n'.repeat(20);
const SKIP_RULES: ReasonCode[] = ['internal-only', 'no-crm-match', 'automated', 'no-crm-match', 'mass-mail'];
const SENT_BASE = Date.UTC(2022, 0, 1);

const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const mailboxOf = (k: number): string => `seller${k}@contoso.example`;
export const firstMailbox = (i: number): string => mailboxOf(i % MAILBOXES);
export const colleagueOf = (i: number): string | null => (i % 10 < 3 ? mailboxOf((i + 7) % MAILBOXES) : null);
/** Hash first, like real Message-IDs: new keys land all over the unique index, not at one end. */
export const keyOf = (i: number): string => `${sha(String(i)).slice(0, 12)}.${i}@mail.customer${i % CUSTOMERS}.example`;
export const rootOf = (i: number): number => i - ((i - 1) % THREAD);
export const folderIdOf = (mailbox: string, wellKnown: string): string => `AAMkADF${sha(`${mailbox}/${wellKnown}`)}`;
export const graphIdOf = (mailbox: string, i: number): string => `AAMkAD${sha(`${mailbox}#${i}`)}${sha(`g#${mailbox}#${i}`)}`;
const skipGraphIdOf = (mailbox: string, i: number): string => `AAMkAD${sha(`${mailbox}#skip#${i}`)}${sha(`g#skip#${mailbox}#${i}`)}`;
const buyerOf = (i: number) => ({ address: `buyer${i % 5}@customer${i % CUSTOMERS}.example`, name: `Buyer ${i % 5}` });
const sellerOf = (k: number) => ({ address: mailboxOf(k), name: `Seller ${k}` });
const fingerprintOf = (key: string): string => sha(`message-id:${key}`);

/** Email i as the sync hands it to commitPage (its first mailbox's sighting); `root` overrides its thread. */
export function growthEmail(i: number, options: { mailbox?: string; root?: number } = {}): PageImport {
  const mailbox = options.mailbox ?? firstMailbox(i);
  const k = Number(/^seller(\d+)@/.exec(mailbox)?.[1] ?? 0);
  const root = options.root ?? rootOf(i);
  const inbound = i % 2 === 1;
  const buyer = buyerOf(i);
  const customer = i % CUSTOMERS;
  const opportunity = i % 10 >= 7;
  return {
    graphId: graphIdOf(mailbox, i),
    email: {
      messageKey: keyOf(i),
      internetMessageId: `<${keyOf(i)}>`,
      from: inbound ? buyer : sellerOf(k),
      to: [inbound ? sellerOf(k) : buyer],
      cc: [{ address: `manager${i % 10}@contoso.example`, name: `Manager ${i % 10}` }],
      subject: `${i === root ? '' : 'RE: '}Quote ${root} for the renewal`,
      bodyText: BODY,
      sentAt: new Date(SENT_BASE + i * 60_000).toISOString(),
      inReplyTo: i === root ? null : `<${keyOf(options.root === undefined ? i - 1 : root)}>`,
      references: i === root ? [] : [`<${keyOf(root)}>`],
    },
    match: { accountIds: [`A-${customer}`], contactIds: [`C-${customer}-${i % 5}`], leadIds: [] },
    engagement: opportunity ? { opportunityId: `O-${customer}`, ownerAddress: mailboxOf(customer % MAILBOXES) } : { opportunityId: null, ownerAddress: null },
  };
}

export const folderOf = (i: number): string => (i % 2 === 1 ? 'inbox' : 'sentitems');

export function importDecision(i: number, mailbox: string, folder: string): ImportDecisionRecord {
  return { itemId: graphIdOf(mailbox, i), verdict: 'import', rule: 'crm-contact', folder, fingerprint: fingerprintOf(keyOf(i)) };
}

/** The message mailbox(i) skipped next to email i. */
export function skipDecision(i: number, mailbox = firstMailbox(i)): ImportDecisionRecord {
  const rule = SKIP_RULES[i % SKIP_RULES.length] as ReasonCode;
  return {
    itemId: skipGraphIdOf(mailbox, i),
    verdict: 'skip',
    rule,
    folder: 'inbox',
    fingerprint: fingerprintOf(`skip${i}@news${i % 1000}.example`),
    ...(rule === 'no-crm-match' ? { externalDomains: [`news${i % 1000}.example`] } : {}),
  };
}

export function growthCrm(): CrmSnapshot {
  const customers = Array.from({ length: CUSTOMERS }, (_, c) => c);
  return {
    accounts: customers.map((c) => ({ id: `A-${c}`, name: `Customer ${c}`, domains: [`customer${c}.example`] })),
    contacts: customers.flatMap((c) => Array.from({ length: 5 }, (_, b) => ({ id: `C-${c}-${b}`, email: `buyer${b}@customer${c}.example`, accountId: `A-${c}`, name: `Buyer ${b}` }))),
    leads: [],
    opportunities: customers.map((c) => ({ id: `O-${c}`, accountId: `A-${c}`, ownerUserId: `U-${c % MAILBOXES}`, stage: 'Proposal', isClosed: false, createdAt: '2021-06-01T00:00:00.000Z', closeDate: null, amount: 10_000 })),
    users: Array.from({ length: MAILBOXES }, (_, k) => ({ id: `U-${k}`, email: mailboxOf(k), name: `Seller ${k}`, signedUpAt: '2021-01-01T00:00:00.000Z', optedIn: true })),
  };
}

/** The mailboxes, the CRM: what exists before any mail (real product calls). */
export async function setUpTenant(store: MariaDbMailStore): Promise<void> {
  await store.upsertMailboxes(Array.from({ length: MAILBOXES }, (_, k) => ({ address: mailboxOf(k), displayName: `Seller ${k}`, graphUserId: `user-${k}`, optedIn: true })));
  await store.replaceCrm(growthCrm());
}

/** Pages the real sync would commit for emails from..to: each first mailbox's imports and skips, then the colleagues' sightings. */
export function realPages(from: number, to: number): CommitPageInput[] {
  const own = new Map<string, number[]>();
  const seen = new Map<string, number[]>();
  for (let i = from; i <= to; i++) {
    push(own, firstMailbox(i), i);
    const colleague = colleagueOf(i);
    if (colleague) push(seen, colleague, i);
  }
  const pages: CommitPageInput[] = [];
  for (const [mailbox, list] of own) {
    for (const folder of ['inbox', 'sentitems']) {
      const ids = list.filter((i) => folderOf(i) === folder);
      const skips = folder === 'inbox' ? list.map((i) => skipDecision(i)) : [];
      if (ids.length === 0 && skips.length === 0) continue;
      pages.push({
        mailbox,
        folderId: folderIdOf(mailbox, folder),
        imports: ids.map((i) => growthEmail(i)),
        decisions: [...ids.map((i) => importDecision(i, mailbox, folder)), ...skips],
        nextCursor: deltaLinkOf(mailbox, folder, 0),
        roundComplete: true,
      });
    }
  }
  for (const [mailbox, list] of seen) {
    pages.push({
      mailbox,
      folderId: folderIdOf(mailbox, 'inbox'),
      imports: list.map((i) => ({ ...growthEmail(i), graphId: graphIdOf(mailbox, i) })),
      decisions: list.map((i) => importDecision(i, mailbox, 'inbox')),
      nextCursor: deltaLinkOf(mailbox, 'inbox', 0),
      roundComplete: true,
    });
  }
  return pages;
}

/** A folder's saved deltaLink after `round` rounds (the growth bench's stub Graph reads it back). */
export function deltaLinkOf(mailbox: string, wellKnown: string, round: number): string {
  return `https://graph.microsoft.com/v1.0/users/${mailbox}/mailFolders/${folderIdOf(mailbox, wellKnown)}/messages/delta?$deltatoken=${round}.${sha(`${mailbox}/${wellKnown}/${round}`)}${sha(`t/${mailbox}/${wellKnown}/${round}`)}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// --- the SQL fill: the same values as expressions of s.seq -------------------------------------

const I = 's.seq';
const shaSql = (text: string) => `SHA2(${text}, 256)`;
const mbSql = (k: string) => `CONCAT('seller', ${k}, '@contoso.example')`;
const MB = mbSql(`${I} % ${MAILBOXES}`);
const MB2 = mbSql(`(${I} + 7) % ${MAILBOXES}`);
const keySql = (i: string) => `CONCAT(LEFT(${shaSql(`CAST(${i} AS CHAR)`)}, 12), '.', ${i}, '@mail.customer', (${i}) % ${CUSTOMERS}, '.example')`;
const ROOT = `(${I} - ((${I} - 1) % ${THREAD}))`;
const INBOUND = `(${I} % 2 = 1)`;
const BUYER = `CONCAT('buyer', ${I} % 5, '@customer', ${I} % ${CUSTOMERS}, '.example')`;
const BUYER_NAME = `CONCAT('Buyer ', ${I} % 5)`;
const SELLER_NAME = `CONCAT('Seller ', ${I} % ${MAILBOXES})`;
const MANAGER = `CONCAT('manager', ${I} % 10, '@contoso.example')`;
const MANAGER_NAME = `CONCAT('Manager ', ${I} % 10)`;
const folderIdSql = (mb: string, wk: string) => `CONCAT('AAMkADF', ${shaSql(`CONCAT(${mb}, '/', ${wk})`)})`;
const graphIdSql = (mb: string) => `CONCAT('AAMkAD', ${shaSql(`CONCAT(${mb}, '#', ${I})`)}, ${shaSql(`CONCAT('g#', ${mb}, '#', ${I})`)})`;
const SKIP_GRAPH_ID = `CONCAT('AAMkAD', ${shaSql(`CONCAT(${MB}, '#skip#', ${I})`)}, ${shaSql(`CONCAT('g#skip#', ${MB}, '#', ${I})`)})`;
const SKIP_RULE = `ELT(${I} % 5 + 1, ${SKIP_RULES.map((r) => `'${r}'`).join(', ')})`;
const SENT_AT = `(TIMESTAMP('2022-01-01 00:00:00') + INTERVAL ${I} MINUTE)`;
const FOLDER = `IF(${INBOUND}, 'inbox', 'sentitems')`;
const payloadSql = (fingerprintKey: string, folder: string, mailbox: string, rule: string, verdict: string) =>
  `CONCAT('{"fingerprint":"', ${shaSql(`CONCAT('message-id:', ${fingerprintKey})`)}, '","folder":"', ${folder}, '","mailbox":"', ${mailbox}, '","rule":"', ${rule}, '","verdict":"${verdict}"}')`;

/** Fills emails from..to (and everything that comes with them) with multi-row SQL; seals their audit entries with the product's seal. */
export async function fillRange(pool: Pool, from: number, to: number, log: (line: string) => void = () => undefined): Promise<void> {
  const step = 50_000;
  // Emails committed by the real path meanwhile took the next auto-increment ids: the fill's ids follow them.
  const [[top]] = await pool.query<RowDataPacket[]>('SELECT COALESCE(MAX(id), 0) AS id FROM emails');
  const offset = Math.max(0, Number(top?.['id'] ?? 0) - (from - 1));
  for (let a = from; a <= to; a += step) {
    const b = Math.min(to, a + step - 1);
    await fillChunk(pool, a, b, offset);
    log(`filled emails ${a}-${b}`);
  }
  const started = Date.now();
  const sealed = await sealPending(pool, { wait: true });
  log(`sealed ${sealed.sealed} audit entries in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function fillChunk(pool: Pool, a: number, b: number, offset: number): Promise<void> {
  const seq = `seq_${a}_to_${b} s`;
  const ID = `(${I} + ${offset})`;
  const connection = await pool.getConnection();
  try {
    await connection.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    await connection.beginTransaction();
    await connection.query(
      `INSERT INTO emails (id, message_key, thread_key, internet_message_id, subject, from_address, from_name, sent_at, body_text,
         in_reply_to, references_json, first_mailbox, assigned_to, assigned_by, opportunity_id, import_batch)
       SELECT ${ID}, ${keySql(I)}, ${keySql(ROOT)}, CONCAT('<', ${keySql(I)}, '>'),
         CONCAT(IF(${I} = ${ROOT}, '', 'RE: '), 'Quote ', ${ROOT}, ' for the renewal'),
         IF(${INBOUND}, ${BUYER}, ${MB}), IF(${INBOUND}, ${BUYER_NAME}, ${SELLER_NAME}), ${SENT_AT}, ?,
         IF(${I} = ${ROOT}, NULL, CONCAT('<', ${keySql(`${I} - 1`)}, '>')),
         IF(${I} = ${ROOT}, '[]', CONCAT('["<', ${keySql(ROOT)}, '>"]')),
         ${MB},
         IF(${I} % 10 >= 7, ${mbSql(`(${I} % ${CUSTOMERS}) % ${MAILBOXES}`)}, ${MB}),
         IF(${I} % 10 >= 7, 'opportunity-owner', 'mailbox'),
         IF(${I} % 10 >= 7, CONCAT('O-', ${I} % ${CUSTOMERS}), NULL),
         CONCAT(LPAD(HEX(${I} DIV 100), 8, '0'), '-0000-4000-8000-', LPAD(HEX(${I} DIV 100), 12, '0'))
       FROM ${seq}`,
      [BODY],
    );
    await connection.query(
      `INSERT INTO email_participants (email_id, role, address, name, domain)
       SELECT ${ID}, r.role,
         CASE r.n WHEN 1 THEN IF(${INBOUND}, ${BUYER}, ${MB}) WHEN 2 THEN IF(${INBOUND}, ${MB}, ${BUYER}) ELSE ${MANAGER} END,
         CASE r.n WHEN 1 THEN IF(${INBOUND}, ${BUYER_NAME}, ${SELLER_NAME}) WHEN 2 THEN IF(${INBOUND}, ${SELLER_NAME}, ${BUYER_NAME}) ELSE ${MANAGER_NAME} END,
         CASE WHEN r.n = 3 OR (r.n = 1) <> ${INBOUND} THEN 'contoso.example' ELSE CONCAT('customer', ${I} % ${CUSTOMERS}, '.example') END
       FROM ${seq} JOIN (SELECT 1 AS n, 'from' AS role UNION ALL SELECT 2, 'to' UNION ALL SELECT 3, 'cc') r
       ORDER BY ${I}, r.n`,
    );
    await connection.query(`INSERT INTO email_accounts (email_id, account_id) SELECT ${ID}, CONCAT('A-', ${I} % ${CUSTOMERS}) FROM ${seq}`);
    await connection.query(`INSERT INTO email_contacts (email_id, contact_id) SELECT ${ID}, CONCAT('C-', ${I} % ${CUSTOMERS}, '-', ${I} % 5) FROM ${seq}`);
    await connection.query(
      `INSERT INTO email_sightings (email_id, mailbox, folder_id, graph_id)
       SELECT ${ID}, ${MB}, ${folderIdSql(MB, FOLDER)}, ${graphIdSql(MB)} FROM ${seq}`,
    );
    await connection.query(
      `INSERT INTO email_sightings (email_id, mailbox, folder_id, graph_id)
       SELECT ${ID}, ${MB2}, ${folderIdSql(MB2, "'inbox'")}, ${graphIdSql(MB2)} FROM ${seq} WHERE ${I} % 10 < 3`,
    );
    await connection.query(
      `INSERT INTO skip_decisions (mailbox, item_hash, reason_code, decided_at)
       SELECT ${MB}, UNHEX(${shaSql(SKIP_GRAPH_ID)}), ${SKIP_RULE}, ${SENT_AT} FROM ${seq}`,
    );
    await connection.query(
      `INSERT INTO mailbox_skip_counts (mailbox, reason_code, skipped)
       SELECT ${MB} AS mailbox, ${SKIP_RULE} AS reason, COUNT(*) FROM ${seq} GROUP BY mailbox, reason
       ON DUPLICATE KEY UPDATE skipped = skipped + VALUES(skipped)`,
    );
    await connection.query(
      `INSERT INTO missing_crm_domains (domain, skipped, first_seen_at, last_seen_at)
       SELECT CONCAT('news', ${I} % 1000, '.example') AS d, COUNT(*), MIN(${SENT_AT}), MAX(${SENT_AT}) FROM ${seq} WHERE ${I} % 5 IN (1, 3) GROUP BY d
       ON DUPLICATE KEY UPDATE skipped = skipped + VALUES(skipped), last_seen_at = VALUES(last_seen_at)`,
    );
    await connection.query(
      `INSERT INTO audit_pending (at, actor, source, action, payload_json)
       SELECT at, 'system:sync', 'sync', 'import.decision', p FROM (
         SELECT ${I} AS i, 1 AS n, ${SENT_AT} AS at, ${payloadSql(keySql(I), FOLDER, MB, "'crm-contact'", 'import')} AS p FROM ${seq}
         UNION ALL SELECT ${I}, 2, ${SENT_AT}, ${payloadSql(`CONCAT('skip', ${I}, '@news', ${I} % 1000, '.example')`, "'inbox'", MB, SKIP_RULE, 'skip')} FROM ${seq}
         UNION ALL SELECT ${I}, 3, ${SENT_AT}, ${payloadSql(keySql(I), "'inbox'", MB2, "'crm-contact'", 'import')} FROM ${seq} WHERE ${I} % 10 < 3
       ) x ORDER BY x.i, x.n`,
    );
    await connection.commit();
  } catch (error) {
    await connection.rollback().catch(() => undefined);
    throw error;
  } finally {
    await connection.query('SET SESSION foreign_key_checks = 1, unique_checks = 1').catch(() => undefined);
    connection.release();
  }
}

/**
 * Per-mailbox state of a tenant that has synced for a while, scaled with the mail: each mailbox's
 * folder cursors and finished rounds, one sync_cycles row per 1,000 stored emails, one finished
 * late-match job per 10,000 (with its progress rows and the listing cursors it left behind).
 */
export async function fillHistory(pool: Pool, store: MariaDbMailStore, emails: number): Promise<void> {
  const [[done]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS cycles FROM sync_cycles');
  // History jobs are numbered 1, 2, 3 ...; the bench's own late-match measurement records revision 1,000,000 + n.
  const [[jobsDone]] = await pool.query<RowDataPacket[]>('SELECT COALESCE(MAX(crm_revision), 0) AS jobs FROM late_match_jobs WHERE crm_revision < 1000000');
  const cycles = Math.floor(emails / 1000) - Number(done?.['cycles'] ?? 0);
  const summary = JSON.stringify({ ...emptyCycleSummary(), mailboxes: MAILBOXES, read: 5000, imported: 1000, durationMs: 60_000, outcome: 'all-synced' });
  for (let n = 0; n < cycles; n += 1000) {
    const rows = Array.from({ length: Math.min(1000, cycles - n) }, (_, k) => [new Date(SENT_BASE + (n + k) * 900_000), summary]);
    await pool.query('INSERT INTO sync_cycles (finished_at, summary_json) VALUES ?', [rows]);
  }
  const cursors: unknown[][] = [];
  for (let k = 0; k < MAILBOXES; k++) for (const folder of FOLDERS) cursors.push([mailboxOf(k), folderIdOf(mailboxOf(k), folder), deltaLinkOf(mailboxOf(k), folder, 0), true, new Date()]);
  await pool.query('INSERT IGNORE INTO folder_cursors (mailbox, folder_id, cursor_url, round_complete, updated_at) VALUES ?', [cursors]);
  await pool.query(
    `INSERT IGNORE INTO folder_rounds (mailbox, folder_id, since_at, created_items, oldest_received_at, phase, unordered, client_filter, updated_at)
     SELECT mailbox, folder_id, '2021-12-01', 1000, '2021-12-01', 'done', FALSE, FALSE, NOW(3) FROM folder_cursors WHERE folder_id NOT LIKE '%~%'`,
  );
  const jobs = Math.floor(emails / 10_000);
  for (let j = Number(jobsDone?.['jobs'] ?? 0) + 1; j <= jobs; j++) {
    const id = await store.syncState.addLateMatchJob(j, { domains: [`late${j}.example`], addresses: [] });
    if (id === null) continue;
    await pool.query('UPDATE late_match_progress SET done_at = NOW(3) WHERE job_id = ?', [id]);
    await pool.query(
      `INSERT IGNORE INTO folder_cursors (mailbox, folder_id, cursor_url, round_complete, updated_at)
       SELECT mailbox, CONCAT(folder_id, '~late~', ?), CONCAT(cursor_url, '&late=', ?), TRUE, NOW(3) FROM folder_cursors WHERE folder_id NOT LIKE '%~%'`,
      [id, id],
    );
  }
}

// --- the shape check ---------------------------------------------------------------------------

/** Every row the page commit writes, without ids, batch ids and timestamps, sorted: two databases holding the same mail give the same list. */
export async function rowShapes(pool: Pool): Promise<Record<string, string[]>> {
  const queries: Record<string, string> = {
    emails: `SELECT message_key, thread_key, internet_message_id, subject, from_address, from_name, sent_at, MD5(body_text) AS body, in_reply_to,
               references_json, first_mailbox, assigned_to, assigned_by, opportunity_id, CHAR_LENGTH(import_batch) AS batch_length FROM emails`,
    email_participants: 'SELECT e.message_key, p.role, p.address, p.name, p.domain FROM email_participants p JOIN emails e ON e.id = p.email_id',
    email_accounts: 'SELECT e.message_key, a.account_id FROM email_accounts a JOIN emails e ON e.id = a.email_id',
    email_contacts: 'SELECT e.message_key, c.contact_id FROM email_contacts c JOIN emails e ON e.id = c.email_id',
    email_leads: 'SELECT e.message_key, l.lead_id FROM email_leads l JOIN emails e ON e.id = l.email_id',
    email_sightings: 'SELECT e.message_key, s.mailbox, s.folder_id, s.graph_id FROM email_sightings s JOIN emails e ON e.id = s.email_id',
    skip_decisions: 'SELECT mailbox, HEX(item_hash) AS h, reason_code FROM skip_decisions',
    mailbox_skip_counts: 'SELECT mailbox, reason_code, skipped FROM mailbox_skip_counts',
    missing_crm_domains: 'SELECT domain, skipped FROM missing_crm_domains',
    audit_log: "SELECT actor, source, action, payload_json FROM audit_log WHERE action = 'import.decision'",
  };
  const shapes: Record<string, string[]> = {};
  for (const [table, sql] of Object.entries(queries)) {
    const [rows] = await pool.query<RowDataPacket[]>(sql);
    shapes[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return shapes;
}

/** Differences between the rows of the real commits and of the fill ([] when identical). */
export function compareShapes(real: Record<string, string[]>, filled: Record<string, string[]>): string[] {
  const problems: string[] = [];
  for (const [table, rows] of Object.entries(real)) {
    const other = filled[table] ?? [];
    if (rows.length !== other.length) problems.push(`${table}: ${rows.length} rows committed, ${other.length} filled`);
    const index = rows.findIndex((row, n) => row !== other[n]);
    if (index >= 0) problems.push(`${table}: first difference\n  real:   ${rows[index]}\n  filled: ${other[index] ?? '(none)'}`);
  }
  return problems;
}
