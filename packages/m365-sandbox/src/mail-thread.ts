/**
 * A customer thread as both generators write it: messages alternating between the opener and the
 * responder, each a reply to the previous one, stopping before the present. The generators differ
 * only in how far apart the messages are (`gapMs`, drawn from their own seeded generator).
 */
import type { Person, Topic } from './mail-content.js';
import type { MailWriter, SentMail } from './mail-writer.js';
import type { Expectation } from './tenant-seed.js';

export type ThreadSpec = {
  /** Writes the first message. */
  opener: Person;
  /** The mailbox user who answers. */
  responder: Person;
  cc?: Person;
  topic: Topic;
  subject: string;
  start: Date;
  length: number;
  expect: Expectation;
  folders?: Record<string, string>;
};

export const HOUR = 3600_000;

export function writeThread(writer: MailWriter, t: ThreadSpec, now: Date, gapMs: () => number): void {
  let at = t.start;
  let previous: SentMail | undefined;
  for (let i = 0; i < t.length; i++) {
    const inbound = i % 2 === 0;
    previous = writer.send({
      from: inbound ? t.opener : t.responder,
      to: [inbound ? t.responder : t.opener],
      cc: t.cc ? [t.cc] : [],
      subject: t.subject,
      paragraphs: i === 0 ? t.topic.opening : [t.topic.replies[(i - 1) % Math.max(1, t.topic.replies.length)] ?? 'Thanks.'],
      sentAt: at,
      replyTo: previous,
      expect: t.expect,
      folders: t.folders,
    });
    at = new Date(at.getTime() + gapMs());
    if (at.getTime() > now.getTime() - 10 * 60_000) return;
  }
}
