/**
 * Issue 16: the app scoped to some mailboxes by Exchange - an application access policy
 * (New-ApplicationAccessPolicy -AccessRight RestrictAccess) or RBAC for Applications (an
 * "Application Mail.Read" role assignment with a management scope, no Mail.Read in Entra). The
 * mailboxes outside the scope are shown as 'outside-access-scope', not as errors; the ones inside
 * are synced completely; nothing from outside is stored. Ground truth: the generator's expected
 * sightings for the in-scope mailboxes (sync-harness), and the sandbox's own scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthHandlers } from '../../../src-main/app/handlers/health-handlers.js';
import { mailHandlers } from '../../../src-main/app/handlers/mail-handlers.js';
import { startSyncHarness, type SyncHarness } from './sync-harness.js';

let h: SyncHarness;
let inScope: string[];
let outside: string[];

beforeAll(async () => {
  h = await startSyncHarness({ seed: 71, maxAttempts: 2, sandbox: { scale: 'bench', bench: { mailboxes: 4, messagesPerMailbox: 120, maxMaterialized: 8 } } });
  const opted = h.optedIn();
  inScope = opted.slice(0, 2);
  outside = opted.slice(2);
  expect(outside.length).toBeGreaterThan(0);
});
afterAll(async () => h?.close());

const health = () => healthHandlers(h.opened.store, () => h.settings)['health.mailboxes']({});
const listed = () => mailHandlers(h.opened.store)['mailboxes.list']({});

async function expectOnlyInScopeStored(): Promise<void> {
  const stored = await h.storedKeys();
  expect(new Set(stored).size).toBe(stored.length);
  const expected = h.expectedKeys(inScope);
  expect(expected.length).toBeGreaterThan(0);
  // Every in-scope message and nothing else: a message only an excluded mailbox saw is never read.
  expect(stored).toEqual(expected);
}

describe('mailboxes outside the app access scope', () => {
  it('an application access policy: outside mailboxes are outside-access-scope (not error), the others complete', async () => {
    h.sandbox.applyAccessPolicy({ accessRight: 'RestrictAccess', members: inScope });
    await h.sync.syncNow();
    const { items } = await health();
    for (const address of inScope) expect(items.find((m) => m.address === address)).toMatchObject({ state: 'ok', lastRun: { errorCode: null } });
    for (const address of outside) {
      expect(items.find((m) => m.address === address)).toMatchObject({ state: 'outside-access-scope', lastRun: { errorCode: 'outside-access-scope' }, lastError: expect.stringMatching(/application access policy/) });
    }
    expect((await listed()).items.filter((m) => m.state === 'outside-access-scope').map((m) => m.address).sort()).toEqual([...outside].sort());
    await expectOnlyInScopeStored();

    // The admin adds a mailbox to the policy's group: the next cycle reads it, state ok.
    const added = outside[0] as string;
    h.sandbox.applyAccessPolicy({ accessRight: 'RestrictAccess', members: [...inScope, added] });
    await h.sync.syncNow(added);
    expect((await health()).items.find((m) => m.address === added)).toMatchObject({ state: 'ok' });
    h.sandbox.applyAccessPolicy(null);
  });

  it('RBAC for Applications (no Mail.Read in Entra): outside mailboxes are outside-access-scope, the scoped ones complete', async () => {
    h.sandbox.grantConsent('admin@example', { roles: ['User.Read.All', 'Domain.Read.All'] });
    h.sandbox.assignMailRbacScope({ members: inScope });
    // The app's kept token predates the change; revoking tokens makes it fetch one with the new (mail-less) roles.
    h.sandbox.revokeAccessTokens();
    await h.sync.syncNow();
    const { items } = await health();
    for (const address of inScope) expect(items.find((m) => m.address === address)?.state).toBe('ok');
    for (const address of outside) {
      expect(items.find((m) => m.address === address)).toMatchObject({ state: 'outside-access-scope', lastError: expect.stringMatching(/RBAC for Applications/) });
    }
    const stored = new Set(await h.storedKeys());
    expect(h.expectedKeys(inScope).filter((k) => !stored.has(k))).toEqual([]);
    h.sandbox.assignMailRbacScope(null);
    h.sandbox.grantConsent('admin@example');
  });

  it('consent revoked outright is still consent-missing (an error the admin must fix), not a scope', async () => {
    const mailbox = inScope[0] as string;
    h.sandbox.revokeConsent();
    h.sandbox.revokeAccessTokens();
    await h.sync.syncNow(mailbox);
    expect((await health()).items.find((m) => m.address === mailbox)).toMatchObject({ state: 'error', lastRun: { errorCode: 'consent-missing' } });
    h.sandbox.grantConsent('admin@example');
  });
});
