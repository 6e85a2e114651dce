/**
 * Threads: replies must group with their root whatever order the messages arrive in (a reply is
 * often imported before the message it answers, from another mailbox or folder).
 *
 * Each email points at a parent key from its own headers: the first References entry (the thread
 * root, RFC 5322 3.6.4), else In-Reply-To, else itself. Its thread_key is where that pointer chain
 * ends among the stored emails: the pointer itself while the parent is not stored, the parent's
 * thread_key once it is. When an email is stored, emails whose thread_key is its key are moved to
 * its thread_key, so the stored result equals the one any other arrival order gives. A page
 * resolves its own emails from what its snapshot sees (threads.ts); the settle step after it
 * moves the emails that waited for them and corrects what concurrent pages hid (thread-settle.ts).
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
 * Thread keys for this page's new emails. `pointers`: new email key -> its pointer; `stored`:
 * thread_key of stored emails by message key (final unless a settle step is still due for them).
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

/**
 * Where a stored thread_key leads: from `start` on to the thread_key of the stored email whose key
 * it is, until a key that is not stored, a root (an email whose thread_key is its own key) or a
 * cycle of malformed headers (stops where it closes). `known`: thread_key by message key, null
 * for a key known not to be stored; a key not in it must be read first and is returned as `missing`.
 */
export function followThread(start: string, known: ReadonlyMap<string, string | null>): { thread: string } | { missing: string } {
  const seen = new Set<string>();
  let key = start;
  for (;;) {
    const next = known.get(key);
    if (next === undefined) return { missing: key };
    if (next === null || next === key || seen.has(next)) return { thread: next ?? key };
    seen.add(key);
    key = next;
  }
}
