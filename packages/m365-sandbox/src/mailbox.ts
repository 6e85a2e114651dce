/**
 * One simulated Exchange mailbox: the folder tree, the messages and the per-folder change log
 * that message delta replays. Every mutation appends to the log with a mailbox-wide sequence
 * number; a delta token is just "changes after sequence N", which is how one token can serve a
 * round that spans several pages while the mailbox keeps changing.
 */
import type { IdFactory } from './ids.js';
import { graphDateTime } from './mail-content.js';

export const WELL_KNOWN_FOLDERS = [
  { name: 'inbox', displayName: 'Inbox' },
  { name: 'sentitems', displayName: 'Sent Items' },
  { name: 'drafts', displayName: 'Drafts' },
  { name: 'deleteditems', displayName: 'Deleted Items' },
  { name: 'archive', displayName: 'Archive' },
  { name: 'junkemail', displayName: 'Junk Email' },
  { name: 'outbox', displayName: 'Outbox' },
] as const;

/** Graph message properties as stored: everything but the ids and version fields the mailbox owns. */
export type StoredMessageData = Record<string, unknown>;

export type FolderRecord = {
  id: string;
  displayName: string;
  parentFolderId: string;
  wellKnownName: string | null;
  isHidden: boolean;
};

export type MessageRecord = {
  immutableId: string;
  restId: string;
  folderId: string;
  data: StoredMessageData;
  changeKey: string;
  /** Sequence at which the message entered its current folder. */
  entrySeq: number;
  createdDateTime: string;
  lastModifiedDateTime: string;
};

export type ChangeEntry = {
  seq: number;
  folderId: string;
  /** upsert: entered the folder (full item); updated: some properties changed; removed: left it. */
  kind: 'upsert' | 'updated' | 'removed';
  immutableId: string;
  /** The REST id the message had in this folder at the time of the change. */
  restId: string;
  /** For 'updated': the properties that changed. */
  fields?: readonly string[];
  /** For 'upsert': it entered by a move (not a new message). */
  moved?: boolean;
};

/** A message's net change in a folder over a window of the log. */
export type NetChange = {
  seq: number;
  kind: 'upsert' | 'updated' | 'removed';
  immutableId: string;
  restId: string;
  /** For 'updated': every property changed in the window. */
  fields: string[];
  /** For 'upsert': the message left this folder and came back within the window. */
  reentered: boolean;
  /** For 'upsert': it entered this folder by a move from another one. */
  movedIn: boolean;
};

const OWNED_FIELDS = ['id', 'parentFolderId', 'changeKey', '@odata.etag', '@odata.context', '@removed'];

export class Mailbox {
  readonly rootFolderId: string;
  private readonly folders = new Map<string, FolderRecord>();
  private readonly deletedFolders = new Set<string>();
  private readonly messages = new Map<string, MessageRecord>();
  private readonly immutableByRestId = new Map<string, string>();
  private readonly changes: ChangeEntry[] = [];
  private seq = 0;
  private epochValue = 0;

  constructor(
    private readonly ids: IdFactory,
    private readonly clock: () => Date,
  ) {
    this.rootFolderId = ids.folderId();
    this.folders.set(this.rootFolderId, {
      id: this.rootFolderId,
      displayName: 'Top of Information Store',
      parentFolderId: ids.folderId(),
      wellKnownName: 'msgfolderroot',
      isHidden: false,
    });
    for (const folder of WELL_KNOWN_FOLDERS) {
      this.addFolder(folder.displayName, this.rootFolderId, folder.name);
    }
  }

  /** The current sequence; a delta round started now covers changes up to it. */
  get sequence(): number {
    return this.seq;
  }

  /** Bumped by expireDeltaTokens: tokens minted under an older epoch are refused. */
  get epoch(): number {
    return this.epochValue;
  }

  expireTokens(): void {
    this.epochValue += 1;
  }

  addFolder(displayName: string, parentFolderId: string, wellKnownName: string | null = null): FolderRecord {
    const folder: FolderRecord = { id: this.ids.folderId(), displayName, parentFolderId, wellKnownName, isHidden: false };
    this.folders.set(folder.id, folder);
    return folder;
  }

  /** A folder by id or by well-known name (case-insensitive), as Graph URLs address them. */
  folderByRef(ref: string): FolderRecord | undefined {
    const byId = this.folders.get(ref);
    if (byId) return byId;
    const lower = ref.toLowerCase();
    return [...this.folders.values()].find((f) => f.wellKnownName === lower);
  }

  /** A folder by id, well-known name or display name (the envelope and control-API form). */
  folderByName(name: string): FolderRecord | undefined {
    const lower = name.toLowerCase();
    return this.folderByRef(name) ?? [...this.folders.values()].find((f) => f.displayName.toLowerCase() === lower);
  }

  childFolders(parentFolderId: string): FolderRecord[] {
    return [...this.folders.values()].filter((f) => f.parentFolderId === parentFolderId && f.id !== this.rootFolderId);
  }

  folderCounts(folderId: string): { total: number; unread: number; children: number } {
    const inFolder = this.messagesIn(folderId);
    return {
      total: inFolder.length,
      unread: inFolder.filter((m) => m.data['isRead'] !== true).length,
      children: this.childFolders(folderId).length,
    };
  }

  messagesIn(folderId: string): MessageRecord[] {
    return [...this.messages.values()].filter((m) => m.folderId === folderId);
  }

  /** A message by REST id or immutable id. */
  findMessage(id: string): MessageRecord | undefined {
    return this.messages.get(id) ?? this.messages.get(this.immutableByRestId.get(id) ?? '');
  }

  /**
   * The net change of each message in `folderId` over (after, upTo], ordered by its last change:
   * an entry or a removal wins over updates; updates alone merge their changed properties, so a
   * later round reports them as one partial item (graph doc 3.4).
   */
  changesIn(folderId: string, after: number, upTo: number): NetChange[] {
    const net = new Map<string, NetChange>();
    for (const change of this.changes) {
      if (change.folderId !== folderId || change.seq <= after || change.seq > upTo) continue;
      const previous = net.get(change.immutableId);
      if (change.kind === 'updated' && previous && previous.kind !== 'removed') {
        const fields = previous.kind === 'updated' ? [...new Set([...previous.fields, ...(change.fields ?? [])])] : previous.fields;
        net.delete(change.immutableId);
        net.set(change.immutableId, { ...previous, seq: change.seq, fields });
        continue;
      }
      net.delete(change.immutableId);
      const reentered = change.kind === 'upsert' && (previous?.kind === 'removed' || previous?.reentered === true);
      const movedIn = change.kind === 'upsert' && change.moved === true && !reentered;
      net.set(change.immutableId, { seq: change.seq, kind: change.kind, immutableId: change.immutableId, restId: change.restId, fields: [...(change.fields ?? [])], reentered, movedIn });
    }
    return [...net.values()].sort((a, b) => a.seq - b.seq);
  }

  addMessage(folderId: string, message: Record<string, unknown>, preferredRestId?: string): MessageRecord {
    const folder = this.requireFolder(folderId);
    // Copied by descriptor, so a body given as a getter (lazy benchmark bodies) stays lazy.
    const data: StoredMessageData = {};
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(message))) {
      if (!OWNED_FIELDS.includes(key)) Object.defineProperty(data, key, { ...descriptor, configurable: true, enumerable: true });
    }
    if (folder.wellKnownName === 'sentitems') delete data['internetMessageHeaders'];
    const restId = preferredRestId && !this.findMessage(preferredRestId) ? preferredRestId : this.ids.restMessageId();
    const now = graphDateTime(this.clock());
    const record: MessageRecord = {
      immutableId: this.ids.immutableMessageId(),
      restId,
      folderId,
      data,
      changeKey: this.ids.changeKey(),
      entrySeq: 0,
      createdDateTime: typeof data['receivedDateTime'] === 'string' ? data['receivedDateTime'] : now,
      lastModifiedDateTime: now,
    };
    this.messages.set(record.immutableId, record);
    this.immutableByRestId.set(restId, record.immutableId);
    record.entrySeq = this.log(folderId, 'upsert', record);
    return record;
  }

  deleteMessage(id: string): MessageRecord | undefined {
    const record = this.findMessage(id);
    if (!record) return undefined;
    this.messages.delete(record.immutableId);
    this.immutableByRestId.delete(record.restId);
    this.log(record.folderId, 'removed', record);
    return record;
  }

  /** Moves a message; its REST id changes (as in Exchange), its immutable id does not. */
  moveMessage(id: string, toFolderId: string): MessageRecord | undefined {
    const record = this.findMessage(id);
    if (!record) return undefined;
    this.requireFolder(toFolderId);
    if (record.folderId === toFolderId) return record;
    this.log(record.folderId, 'removed', record);
    this.immutableByRestId.delete(record.restId);
    record.restId = this.ids.restMessageId();
    this.immutableByRestId.set(record.restId, record.immutableId);
    record.folderId = toFolderId;
    record.changeKey = this.ids.changeKey();
    record.lastModifiedDateTime = graphDateTime(this.clock());
    record.entrySeq = this.log(toFolderId, 'upsert', record, undefined, true);
    return record;
  }

  /**
   * Changes some properties of a message in place (a read flag, categories, a flag), as a user or
   * a rule would: a new changeKey, and the next delta round reports only what changed.
   */
  updateMessage(id: string, fields: Record<string, unknown>): MessageRecord | undefined {
    const record = this.findMessage(id);
    if (!record) return undefined;
    const changed = Object.keys(fields).filter((key) => !OWNED_FIELDS.includes(key));
    for (const key of changed) record.data[key] = fields[key];
    record.changeKey = this.ids.changeKey();
    record.lastModifiedDateTime = graphDateTime(this.clock());
    this.log(record.folderId, 'updated', record, changed);
    return record;
  }

  folder(id: string): FolderRecord | undefined {
    return this.folders.get(id);
  }

  /** True for the id of a folder `deleteFolder` removed. */
  wasDeleted(folderId: string): boolean {
    return this.deletedFolders.has(folderId);
  }

  /**
   * Deletes a folder with its subfolders and messages, as a user emptying and removing it would;
   * returns the ids it had (delta requests for them then answer ErrorSyncFolderNotFound).
   */
  deleteFolder(id: string): string[] {
    const gone: string[] = [];
    const remove = (folderId: string) => {
      for (const child of this.childFolders(folderId)) remove(child.id);
      for (const message of this.messagesIn(folderId)) this.deleteMessage(message.immutableId);
      this.folders.delete(folderId);
      this.deletedFolders.add(folderId);
      gone.push(folderId);
    };
    remove(this.requireFolder(id).id);
    return gone;
  }

  private requireFolder(id: string): FolderRecord {
    const folder = this.folders.get(id);
    if (!folder) throw new Error(`unknown folder ${id}`);
    return folder;
  }

  private log(folderId: string, kind: ChangeEntry['kind'], record: MessageRecord, fields?: readonly string[], moved = false): number {
    this.seq += 1;
    this.changes.push({ seq: this.seq, folderId, kind, immutableId: record.immutableId, restId: record.restId, ...(fields ? { fields } : {}), ...(moved ? { moved } : {}) });
    return this.seq;
  }
}
