/**
 * Issue 18, point 7: an .eml without a Date header is dated by its newest Received header (the
 * organisation's own server took it in last), and one with neither is reported with a clear
 * reason - never "unreadable" while a date is there. Through the console's .eml path and the
 * pipeline, as the preview runs them.
 */
import { describe, expect, it } from 'vitest';
import { envelopesFromEml } from '../../../src-main/app/preview-sources.js';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { createRuleContext, runPreview } from '../../../src-main/rules/pipeline.js';
import { snapshot } from './rule-fixtures.js';

const settings = createRuleContext({ orgDomains: ['ourco.example'], blockedDomains: [], crm: CrmIndex.fromSnapshot(snapshot) });

function eml(headers: string[]): string {
  return [
    'From: Alice <alice@customer.example>',
    'To: me@ourco.example',
    'Subject: Quote',
    'Message-ID: <q1@customer.example>',
    ...headers,
    '',
    'Hello, please send the quote.',
  ].join('\r\n');
}

describe('.eml dates', () => {
  it('takes the newest Received date when there is no Date header', async () => {
    const file = eml([
      'Received: from mx.ourco.example by store.ourco.example; Tue, 11 Feb 2025 10:20:11 +0100 (CET)',
      'Received: from relay.customer.example by mx.ourco.example;\r\n  Tue, 11 Feb 2025 09:19:59 +0000',
      'Received: from laptop by relay.customer.example; Mon, 10 Feb 2025 23:00:00 -0800',
    ]);
    const [envelope] = await envelopesFromEml([{ name: 'no-date.eml', text: file }], ['ourco.example']);
    const [line] = runPreview([envelope!], settings).lines;
    expect(line?.verdict).toBe('import');
    // The newest of 09:20:11Z, 09:19:59Z and 07:00:00Z (the next day, from -0800).
    expect(line?.decision.email?.sentAt).toBe('2025-02-11T09:20:11.000Z');
  });

  it('keeps the Date header when there is one', async () => {
    const file = eml(['Date: Mon, 10 Feb 2025 08:00:00 +0000', 'Received: from a by b; Tue, 11 Feb 2025 10:20:11 +0000']);
    const [envelope] = await envelopesFromEml([{ name: 'dated.eml', text: file }], ['ourco.example']);
    expect(runPreview([envelope!], settings).lines[0]?.decision.email?.sentAt).toBe('2025-02-10T08:00:00.000Z');
  });

  it('reports a file with neither a Date nor a dated Received header, with the reason', async () => {
    const file = eml(['Received: from a by b (no date here)']);
    const [envelope] = await envelopesFromEml([{ name: 'undated.eml', text: file }], ['ourco.example']);
    const [line] = runPreview([envelope!], settings).lines;
    expect(line?.verdict).toBe('skip');
    expect(line?.reasons[0]?.detail).toBe('the file has no Date header and none of its Received headers carries a date, so it cannot be dated');
  });
});
