/**
 * Thread reciprocity: mail that answers our side is correspondence, however it was sent
 * (automated-mail.md: "let thread reciprocity protect one-to-one correspondence"). A message
 * replies to us when In-Reply-To or References holds a Message-ID our side sent (the sync fills
 * `isOwnMessageId` from stored and sent Message-IDs). A Sent Items copy written by an
 * organisation address is our own mail.
 */
import { normaliseMessageId } from '../message-key.js';
import type { Participants } from '../participants.js';
import type { RuleContext } from '../rule-context.js';
import type { HeaderIndex } from './header-index.js';

const MSG_ID = /<[^<>\s]+>/g;
/** References beyond this many ids are not read (a thread's root and recent ids come first/last). */
const MAX_IDS = 50;

export function repliesToOurMail(headers: HeaderIndex, context: RuleContext): boolean {
  const text = `${headers.first('in-reply-to') ?? ''} ${headers.first('references') ?? ''}`;
  let seen = 0;
  for (const match of text.matchAll(MSG_ID)) {
    if (++seen > MAX_IDS) break;
    const id = normaliseMessageId(match[0]);
    if (id !== null && context.isOwnMessageId(id)) return true;
  }
  return false;
}

export function isOwnMessage(participants: Participants, context: RuleContext): boolean {
  return context.folder.wellKnownName?.toLowerCase() === 'sentitems' && participants.from?.internal === true;
}
