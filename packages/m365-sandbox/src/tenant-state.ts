/**
 * The live state of the simulated tenant: directory users and their mailboxes, loaded from a
 * TenantSeed. Route handlers read it; the control API (add, delete, move, expire tokens) mutates
 * it. Addresses are compared case-insensitively, as Exchange does.
 * A seed may supply mail lazily (the benchmark tenant): a mailbox is then materialised on first
 * access, from the seed alone, and a bounded number stay in memory; a mailbox nobody changed is
 * evicted first and, being deterministic, comes back identical (same ids, same sequence numbers).
 */
import type { IdFactory } from './ids.js';
import { createIdFactory } from './ids.js';
import { Mailbox, type FolderRecord } from './mailbox.js';
import { createRng } from './prng.js';
import type { GroundTruthEntry, SeedFolder, SeedMessage, SeedUser, TenantSeed } from './tenant-seed.js';

/** Mail generated per mailbox on demand. */
export type LazyMail = {
  contentOf(address: string): { folders: SeedFolder[]; messages: SeedMessage[] };
  /** Seed of the mailbox's ids, so that a rematerialised mailbox has the same ids. */
  idSeedOf(address: string): number;
  maxMaterialized: number;
};

type Materialized = { mailbox: Mailbox; truth: GroundTruthEntry[]; loadedSequence: number };

export class TenantState {
  readonly users: readonly SeedUser[];
  readonly groundTruth: readonly GroundTruthEntry[];
  private readonly mailboxes = new Map<string, Materialized>();
  private readonly byAddress = new Map<string, SeedUser>();
  private readonly lazy: LazyMail | null;
  private globalEpoch = 0;
  /** Users whose mailbox was deleted or unlicensed (control API): Graph answers 404 for them. */
  private readonly disabled = new Set<string>();
  /** Users Exchange does not serve (licence removed), with the error it answers for them. */
  private readonly unlicensed = new Map<string, 'ErrorInvalidUser' | 'AuthenticationError'>();
  /** Online archives (In-Place Archive mailboxes) by user id, with the archive's own id. */
  private readonly archives = new Map<string, { ref: string; mailbox: Mailbox }>();

  constructor(
    seed: TenantSeed & { lazy?: LazyMail },
    private readonly ids: IdFactory,
    private readonly clock: () => Date,
  ) {
    this.users = seed.users;
    for (const user of seed.users) this.byAddress.set(user.address.toLowerCase(), user);
    this.lazy = seed.lazy ?? null;
    if (this.lazy) {
      this.groundTruth = [];
      return;
    }
    for (const user of seed.users) {
      if (user.hasMailbox) this.mailboxes.set(user.graphId, { mailbox: new Mailbox(ids, clock), truth: [], loadedSequence: 0 });
    }
    const truth = this.load(seed.folders, seed.messages);
    this.groundTruth = truth;
  }

  /** A user by object id or userPrincipalName (case-insensitive). */
  findUser(ref: string): SeedUser | undefined {
    const lower = ref.toLowerCase();
    return this.byAddress.get(lower) ?? this.users.find((u) => u.graphId.toLowerCase() === lower);
  }

  mailboxOf(user: SeedUser): Mailbox | undefined {
    if (!user.hasMailbox || this.disabled.has(user.graphId)) return undefined;
    return (this.mailboxes.get(user.graphId) ?? this.materialize(user))?.mailbox;
  }

  /** The user's online archive, created on first use; its id is `MBX:<guid>@<tenant id>` as Exchange's. */
  archiveOf(user: SeedUser, tenantId: string): { ref: string; mailbox: Mailbox } {
    let archive = this.archives.get(user.graphId);
    if (!archive) {
      archive = { ref: `MBX:${this.ids.guid()}@${tenantId}`, mailbox: new Mailbox(this.ids, this.clock) };
      this.archives.set(user.graphId, archive);
    }
    return archive;
  }

  /** The archive addressed by its id, with its owner; undefined when no archive has that id. */
  archiveByRef(ref: string): { ref: string; mailbox: Mailbox; user: SeedUser } | undefined {
    const lower = ref.toLowerCase();
    for (const [userId, archive] of this.archives) {
      if (archive.ref.toLowerCase() !== lower) continue;
      const user = this.users.find((u) => u.graphId === userId);
      return user ? { ...archive, user } : undefined;
    }
    return undefined;
  }

  /** The id of the user's online archive, or null when the user has none. */
  archiveRefOf(user: SeedUser): string | null {
    return this.archives.get(user.graphId)?.ref ?? null;
  }

  setUnlicensed(user: SeedUser, answer: 'ErrorInvalidUser' | 'AuthenticationError' | null): void {
    if (answer === null) this.unlicensed.delete(user.graphId);
    else this.unlicensed.set(user.graphId, answer);
  }

  /** How Exchange answers for a user it does not serve, or null. */
  unlicensedAnswer(user: SeedUser): 'ErrorInvalidUser' | 'AuthenticationError' | null {
    return this.unlicensed.get(user.graphId) ?? null;
  }

  /** Deletes (`enabled` false) or restores a user's mailbox; its contents are kept for a restore. */
  setMailboxEnabled(user: SeedUser, enabled: boolean): void {
    if (enabled) this.disabled.delete(user.graphId);
    else this.disabled.add(user.graphId);
  }

  requireMailbox(address: string): Mailbox {
    const user = this.findUser(address);
    const mailbox = user ? this.mailboxOf(user) : undefined;
    if (!mailbox) throw new Error(`no sandbox mailbox for ${address}`);
    return mailbox;
  }

  /** The mailboxes in memory (with lazy mail: the materialised ones only). */
  allMailboxes(): Mailbox[] {
    return [...this.mailboxes.values()].map((m) => m.mailbox);
  }

  /** Invalidates every delta token of every mailbox, materialised or not. */
  expireAllTokens(): void {
    this.globalEpoch += 1;
    for (const { mailbox } of this.mailboxes.values()) mailbox.expireTokens();
  }

  /** Ground truth of one mailbox (with lazy mail this materialises it). */
  groundTruthFor(address: string): GroundTruthEntry[] {
    const user = this.findUser(address);
    if (!user?.hasMailbox) return [];
    if (!this.lazy) return this.groundTruth.filter((g) => g.mailbox === user.address.toLowerCase());
    this.mailboxOf(user);
    return [...(this.mailboxes.get(user.graphId)?.truth ?? [])];
  }

  /** The named folder, created under the mailbox root when it is a new user folder. */
  folderForName(mailbox: Mailbox, name: string): FolderRecord {
    return mailbox.folderByName(name) ?? mailbox.addFolder(name, mailbox.rootFolderId);
  }

  private materialize(user: SeedUser): Materialized | undefined {
    if (!this.lazy) return undefined;
    const address = user.address.toLowerCase();
    const mailbox = new Mailbox(createIdFactory(createRng(this.lazy.idSeedOf(address))), this.clock);
    for (let i = 0; i < this.globalEpoch; i++) mailbox.expireTokens();
    const entry: Materialized = { mailbox, truth: [], loadedSequence: 0 };
    this.mailboxes.set(user.graphId, entry);
    const { folders, messages } = this.lazy.contentOf(address);
    entry.truth = this.load(
      folders.filter((f) => f.mailbox.toLowerCase() === address),
      messages.filter((m) => m.mailbox.toLowerCase() === address),
    );
    entry.loadedSequence = mailbox.sequence;
    this.evict(user.graphId);
    return entry;
  }

  /** Drops unchanged materialised mailboxes beyond the bound (changed ones must stay). */
  private evict(keep: string): void {
    if (!this.lazy) return;
    for (const [id, entry] of this.mailboxes) {
      if (this.mailboxes.size <= this.lazy.maxMaterialized) return;
      const pristine = entry.mailbox.sequence === entry.loadedSequence && entry.mailbox.epoch === this.globalEpoch;
      if (id !== keep && pristine) this.mailboxes.delete(id);
    }
  }

  private load(folders: SeedFolder[], messages: SeedMessage[]): GroundTruthEntry[] {
    for (const folder of folders) {
      const mailbox = this.requireLoaded(folder.mailbox);
      const parent = mailbox.folderByName(folder.parent);
      if (!parent) throw new Error(`seed folder parent ${folder.parent} not found`);
      mailbox.addFolder(folder.displayName, parent.id);
    }
    const truth: GroundTruthEntry[] = [];
    for (const seeded of messages) {
      const mailbox = this.requireLoaded(seeded.mailbox);
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
          immutableId: record.immutableId,
          receivedDateTime: String(seeded.message['receivedDateTime'] ?? ''),
          ...seeded.expect,
        });
      }
    }
    return truth;
  }

  private requireLoaded(address: string): Mailbox {
    const user = this.findUser(address);
    const mailbox = user ? this.mailboxes.get(user.graphId)?.mailbox : undefined;
    if (!mailbox) throw new Error(`no sandbox mailbox for ${address}`);
    return mailbox;
  }
}
