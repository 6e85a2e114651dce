/**
 * Threads: replies must group with their root whatever order the messages arrive in (a reply is
 * often imported before the message it answers, from another mailbox or folder).
 *
 * Each email points at a parent key from its own headers: the first References entry (the thread
 * root, RFC 5322 3.6.4), else In-Reply-To, else itself. Its thread_key is where that pointer chain
 * ends among the stored emails: the pointer itself while the parent is not stored, the parent's
 * thread_key once it is. When an email is stored, emails whose thread_key is its key are moved to
 * its thread_key (threads.ts), so the stored result equals the one any other arrival order gives.
 */
import type { CapturedEmail } from '../../src-shared/domain.js';
import { normaliseMessageId } from '../rules/message-key.js';
import { storageKey } from './storage-key.js';

/** The storage key of the message this email points at (its root or parent), or its own key. */
export function threadPointerOf(email: Pick<CapturedEmail, 'messageKey' | 'references' | 'inReplyTo'>): string {
  for (const candidate of [email.references[0], email.inReplyTo]) {
    const id = normaliseMessageId(candidate);
    if (id !== null) return storageKey(id);
  }
  return storageKey(email.messageKey);
}

/**
 * Final thread keys for this page's new emails. `pointers`: new email key -> its pointer;
 * `stored`: thread_key of stored emails (earlier ones, already final) by message key.
 */
export function resolveThreads(pointers: ReadonlyMap<string, string>, stored: ReadonlyMap<string, string>): Map<string, string> {
  const resolved = new Map<string, string>();
  const resolve = (key: string, seen: Set<string>): string => {
    const done = resolved.get(key);
    if (done !== undefined) return done;
    const pointer = pointers.get(key);
    if (pointer === undefined) return stored.get(key) ?? key;
    let thread: string;
    // A pointer to itself is a root; a cycle (malformed headers) stops where it closes.
    if (pointer === key || seen.has(pointer)) thread = pointer;
    else if (pointers.has(pointer)) thread = resolve(pointer, new Set(seen).add(key));
    else thread = stored.get(pointer) ?? pointer;
    resolved.set(key, thread);
    return thread;
  };
  for (const key of pointers.keys()) resolve(key, new Set());
  return resolved;
}
