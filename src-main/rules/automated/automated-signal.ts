/**
 * One piece of evidence that a message was machine-sent, and the view the detectors read.
 *
 * Kinds decide what can outweigh a signal (automated-mail.md section 5):
 *   report     delivery/read/complaint reports and calendar traffic: never correspondence, whoever
 *              sent it; neither reciprocity nor an allow pattern rescues it.
 *   reply      auto-replies: they answer our mail by definition, so reciprocity does not rescue them.
 *   machine    evidence that no person wrote this message (bot/no-reply senders, "this is an
 *              automated message", ticket-system notices); reciprocity does not rescue it either.
 *   bulk       how the message was sent (lists, ESP campaign headers, relays, role senders, soft
 *              provider signals): reciprocity with our side outweighs all of it.
 */
import type { Participants } from '../participants.js';
import type { MessageView } from '../read-message.js';
import type { HeaderIndex } from './header-index.js';

export type SignalKind = 'report' | 'reply' | 'machine' | 'bulk';

export type Signal = {
  /** Stable id, e.g. 'auto-submitted'. */
  id: string;
  /** What fired, for people: header names and fixed tokens only, never message content. */
  label: string;
  weight: number;
  kind: SignalKind;
};

/** What every detector reads; built once per candidate. */
export type SignalInput = {
  message: MessageView;
  participants: Participants;
  headers: HeaderIndex;
  /**
   * The authored part of the body (quotes and forwarded parts cut off), raw HTML or text. A
   * function, found on first call: it is a regex scan of up to 32 KB that most candidates never
   * need (the body is read only when the headers leave the verdict open).
   */
  authoredBody: () => string;
  /** Local part of the sender (From, else Sender), lower case; '' when unknown. */
  senderLocal: string;
};

export type Detector = (input: SignalInput, into: Signal[]) => void;
