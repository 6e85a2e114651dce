/**
 * The first schema. Graph ids and CRM ids are case-sensitive, so their columns use binary
 * collations (a case-insensitive unique key would merge distinct ids). Mailbox addresses and
 * domains are stored lower case by the pipeline and compared case-insensitively.
 */
import type { Migration } from './migration.js';

const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const address = 'VARCHAR(320)';
const graphId = 'VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin';
const crmId = 'VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';

export const initialSchema: Migration = {
  version: 1,
  name: 'initial-schema',
  up: [
    `CREATE TABLE IF NOT EXISTS mailboxes (
      address ${address} NOT NULL PRIMARY KEY,
      display_name VARCHAR(512) NOT NULL DEFAULT '',
      graph_user_id VARCHAR(255) NOT NULL DEFAULT '',
      opted_in BOOLEAN NOT NULL DEFAULT FALSE,
      state VARCHAR(32) NOT NULL DEFAULT 'never-synced',
      last_success_at DATETIME(3) NULL,
      last_error TEXT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      KEY mailboxes_opted_in (opted_in)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS folder_cursors (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      mailbox ${address} NOT NULL,
      folder_id ${graphId} NOT NULL,
      cursor_url TEXT NOT NULL,
      round_complete BOOLEAN NOT NULL DEFAULT FALSE,
      updated_at DATETIME(3) NOT NULL,
      UNIQUE KEY folder_cursors_mailbox_folder (mailbox, folder_id)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS emails (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      message_key VARCHAR(700) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      internet_message_id VARCHAR(998) NULL,
      subject TEXT NOT NULL,
      from_address ${address} NOT NULL,
      from_name VARCHAR(512) NOT NULL DEFAULT '',
      sent_at DATETIME(3) NOT NULL,
      body_text MEDIUMTEXT NOT NULL,
      in_reply_to VARCHAR(998) NULL,
      references_json JSON NOT NULL,
      first_mailbox ${address} NOT NULL,
      assigned_to ${address} NULL,
      opportunity_id ${crmId} NULL,
      import_batch CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY emails_message_key (message_key),
      KEY emails_sent_at (sent_at),
      KEY emails_assigned_to (assigned_to),
      KEY emails_opportunity (opportunity_id)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS email_participants (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      email_id BIGINT UNSIGNED NOT NULL,
      role VARCHAR(8) NOT NULL,
      address ${address} NOT NULL,
      name VARCHAR(512) NOT NULL DEFAULT '',
      domain VARCHAR(255) NOT NULL,
      KEY email_participants_email (email_id),
      KEY email_participants_address (address),
      KEY email_participants_domain (domain),
      CONSTRAINT email_participants_email_fk FOREIGN KEY (email_id) REFERENCES emails (id) ON DELETE CASCADE,
      CONSTRAINT email_participants_role CHECK (role IN ('from', 'to', 'cc'))
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS email_sightings (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      email_id BIGINT UNSIGNED NOT NULL,
      mailbox ${address} NOT NULL,
      folder_id ${graphId} NOT NULL,
      graph_id ${graphId} NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY email_sightings_mailbox_graph (mailbox, graph_id),
      KEY email_sightings_email (email_id),
      CONSTRAINT email_sightings_email_fk FOREIGN KEY (email_id) REFERENCES emails (id) ON DELETE CASCADE
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS email_accounts (
      email_id BIGINT UNSIGNED NOT NULL,
      account_id ${crmId} NOT NULL,
      PRIMARY KEY (email_id, account_id),
      KEY email_accounts_account (account_id),
      CONSTRAINT email_accounts_email_fk FOREIGN KEY (email_id) REFERENCES emails (id) ON DELETE CASCADE
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS mailbox_skip_counts (
      mailbox ${address} NOT NULL,
      reason_code VARCHAR(64) NOT NULL,
      skipped BIGINT UNSIGNED NOT NULL DEFAULT 0,
      PRIMARY KEY (mailbox, reason_code)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS crm_accounts (
      id ${crmId} NOT NULL PRIMARY KEY,
      name VARCHAR(512) NOT NULL
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS crm_account_domains (
      account_id ${crmId} NOT NULL,
      domain VARCHAR(255) NOT NULL,
      position INT NOT NULL,
      PRIMARY KEY (account_id, domain),
      KEY crm_account_domains_domain (domain)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS crm_contacts (
      id ${crmId} NOT NULL PRIMARY KEY,
      email ${address} NOT NULL,
      account_id ${crmId} NULL,
      name VARCHAR(512) NOT NULL DEFAULT '',
      KEY crm_contacts_email (email),
      KEY crm_contacts_account (account_id)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS crm_leads (
      id ${crmId} NOT NULL PRIMARY KEY,
      email ${address} NOT NULL,
      company VARCHAR(512) NOT NULL DEFAULT '',
      name VARCHAR(512) NOT NULL DEFAULT '',
      KEY crm_leads_email (email)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS crm_opportunities (
      id ${crmId} NOT NULL PRIMARY KEY,
      account_id ${crmId} NOT NULL,
      owner_user_id ${crmId} NOT NULL,
      stage VARCHAR(255) NOT NULL DEFAULT '',
      is_closed BOOLEAN NOT NULL DEFAULT FALSE,
      created_at DATETIME(3) NOT NULL,
      close_date DATE NULL,
      amount DECIMAL(19, 4) NULL,
      KEY crm_opportunities_account (account_id),
      KEY crm_opportunities_owner (owner_user_id)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS crm_users (
      id ${crmId} NOT NULL PRIMARY KEY,
      email ${address} NOT NULL,
      name VARCHAR(512) NOT NULL DEFAULT '',
      signed_up_at DATETIME(3) NULL,
      opted_in BOOLEAN NOT NULL DEFAULT FALSE,
      KEY crm_users_email (email)
    ) ${table}`,
    `CREATE TABLE IF NOT EXISTS sync_cycles (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      finished_at DATETIME(3) NOT NULL,
      summary_json JSON NOT NULL,
      KEY sync_cycles_finished_at (finished_at)
    ) ${table}`,
  ],
};
