/**
 * Issue 10, hostile strings end to end in the store: SQL metacharacters, quotes, backslashes,
 * comment markers, NUL-free control characters, emoji and RTL overrides in subjects, names,
 * bodies and addresses go into MariaDB through the page commit and come back verbatim, by list
 * and by detail (parameterised SQL only, utf8mb4 everywhere).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

let h: StoreHarness;
beforeAll(async () => {
  h = await createStoreHarness();
});
afterAll(async () => {
  await h.close();
});

const HOSTILE = [
  "'; DROP TABLE emails; --",
  'Robert"); DELETE FROM email_sightings WHERE 1=1; /*',
  'back\\slash \\\' \\" %_ LIKE wildcards',
  'tab\there\u0007bell\u001Bescape\u007Fdel',
  '\u202Egnp.exe \u{1F4E7} 東京 Grüße',
  '=HYPERLINK("http://evil.test")',
  '<script>alert(1)</script>',
];

describe('hostile strings stored and read back verbatim', () => {
  it.each(HOSTILE.map((s, i) => [i, s] as const))('round-trips case %i', async (i, text) => {
    const key = `hostile-${i}@customer.example`;
    const from = { address: `o'brien+${i}"%_@customer.example`, name: text };
    await h.store.commitPage(
      page('seller@ours.example', [pageImport(`hostile-g${i}`, capturedEmail({ messageKey: key, subject: text, bodyText: `${text}\n${text}`, from, to: [{ address: 'seller@ours.example', name: text }] }))]),
    );
    const { items } = await h.store.listEmails({ limit: 500, offset: 0 });
    const listed = items.find((e) => e.internetMessageId === key);
    expect(listed?.subject).toBe(text);
    const detail = await h.store.emailDetail(listed?.id ?? -1);
    expect(detail).toMatchObject({ subject: text, bodyText: `${text}\n${text}`, from, to: [{ address: 'seller@ours.example', name: text }] });
    expect((await h.store.listEmails({ limit: 500, offset: 0 })).total).toBe(i + 1); // nothing dropped, nothing deleted
  });
});
