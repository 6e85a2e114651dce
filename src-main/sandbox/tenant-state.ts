/**
 * The live state of the simulated tenant: directory users and their mailboxes, loaded from a
 * TenantSeed. Route handlers read it; the control API (add, delete, move, expire tokens) mutates
 * it. Addresses are compared case-insensitively, as Exchange does.
 */
import type { IdFactory } from './ids.js';
import { Mailbox, type FolderRecord } from './mailbox.js';
import type { GroundTruthEntry, SeedUser, TenantSeed } from './tenant-seed.js';

export class TenantState {
  readonly users: readonly SeedUser[];
  readonly groundTruth: readonly GroundTruthEntry[];
  private readonly mailboxes = new Map<string, Mailbox>();

  constructor(
    seed: TenantSeed,
    ids: IdFactory,
    clock: () => Date,
  ) {
    this.users = seed.users;
    for (const user of seed.users) {
      if (user.hasMailbox) this.mailboxes.set(user.graphId, new Mailbox(ids, clock));
    }
    for (const folder of seed.folders) {
      const mailbox = this.requireMailbox(folder.mailbox);
      const parent = mailbox.folderByName(folder.parent);
      if (!parent) throw new Error(`seed folder parent ${folder.parent} not found`);
      mailbox.addFolder(folder.displayName, parent.id);
    }
    const truth: GroundTruthEntry[] = [];
    for (const seeded of seed.messages) {
      const mailbox = this.requireMailbox(seeded.mailbox);
      const folder = this.folderForName(mailbox, seeded.folder);
      const id = typeof seeded.message['id'] === 'string' ? seeded.message['id'] : undefined;
      const record = mailbox.addMessage(folder.id, seeded.message, id);
      const internetMessageId = seeded.message['internetMessageId'];
      if (seeded.expect && typeof internetMessageId === 'string') {
        truth.push({
          internetMessageId,
          mailbox: seeded.mailbox.toLowerCase(),
          folder: folder.wellKnownName ?? folder.displayName,
          messageId: record.restId,
          receivedDateTime: String(seeded.message['receivedDateTime'] ?? ''),
          ...seeded.expect,
        });
      }
    }
    this.groundTruth = truth;
  }

  /** A user by object id or userPrincipalName (case-insensitive). */
  findUser(ref: string): SeedUser | undefined {
    const lower = ref.toLowerCase();
    return this.users.find((u) => u.graphId.toLowerCase() === lower || u.address === lower);
  }

  mailboxOf(user: SeedUser): Mailbox | undefined {
    return this.mailboxes.get(user.graphId);
  }

  requireMailbox(address: string): Mailbox {
    const user = this.findUser(address);
    const mailbox = user ? this.mailboxOf(user) : undefined;
    if (!mailbox) throw new Error(`no sandbox mailbox for ${address}`);
    return mailbox;
  }

  allMailboxes(): Mailbox[] {
    return [...this.mailboxes.values()];
  }

  /** The named folder, created under the mailbox root when it is a new user folder. */
  folderForName(mailbox: Mailbox, name: string): FolderRecord {
    return mailbox.folderByName(name) ?? mailbox.addFolder(name, mailbox.rootFolderId);
  }
}
