import { describe, expect, it } from 'vitest';
import { anchoredPhrases } from '../../../src-main/rules/automated/anchored-phrases.js';
import { MACHINE_PHRASES, TICKET_PHRASES } from '../../../src-main/rules/automated/body-signals.js';

/** The cues as plain alternations, as they were written before anchoredPhrases. */
const PLAIN_MACHINE =
  /(this is an automated (message|notification|e-?mail)|do not reply to this (e-?mail|message)|please do not reply to this|this (mailbox|address) is not monitored|automatically generated|automatisch (erstellt|generiert|gegenereerd)|message automatique|merci de ne pas y r[ée]pondre|r[ée]ponse automatique|automatisch gegenereerd bericht)/i;
const PLAIN_TICKET =
  /(\b(request|ticket|case)\b[^.\n<]{0,40}\b(has been|was) (received|solved|resolved|closed|created)|how would you rate the (support|service)|nous avons bien re[çc]u votre (demande|message)|wir haben ihre anfrage erhalten)/i;

/** Pieces of the phrases, near misses and separators, glued at random into texts. */
const PIECES = [
  'this is an ', 'This Is An ', 'automated ', 'AUTOMATED', 'message', 'notification', 'e-mail', 'email', 'emails', 'do not ', 'please ', 'PLEASE DO NOT ',
  'reply to this ', 'reply to this', 'this mailbox is ', 'this address is ', 'not monitored', 'automatically generated', 'automatisch ', 'erstellt',
  'generiert', 'gegenereerd', ' bericht', 'message automatique', 'automatique', 'merci de ne pas y ', 'répondre', 'repondre', 'RÉPONSE ', 'réponse ',
  'request', 'ticket', 'case', 'Your request #123 ', 'has been ', 'was ', 'received', 'solved', 'resolved', 'closed', 'created', 'how would you ',
  'rate the ', 'support', 'service', 'nous avons bien ', 'reçu votre ', 'recu votre ', 'demande', 'wir haben ihre ', 'anfrage erhalten',
  ' ', '  ', '.', '\n', '<', '<b>', 'x', 'briefcase ', 'requests ', 'a'.repeat(45), 'automat',
];

/** Whole phrases, each then cased, cut or spliced at random so that both matches and near misses occur. */
const INSTANCES = [
  'this is an automated message', 'this is an automated e-mail', 'do not reply to this email', 'please do not reply to this.',
  'this address is not monitored', 'automatically generated', 'automatisch gegenereerd bericht', 'message automatique',
  'merci de ne pas y répondre', 'réponse automatique', 'your ticket #42 has been resolved', 'the case was closed',
  'request (id 7, see portal) was received', 'how would you rate the support', 'nous avons bien reçu votre demande', 'wir haben ihre anfrage erhalten',
];

function mutate(text: string, next: (n: number) => number): string {
  const at = next(text.length + 1);
  switch (next(5)) {
    case 0:
      return text.toUpperCase();
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return `${text.slice(0, at)}${PIECES[next(PIECES.length)]}${text.slice(at)}`;
    default:
      return text;
  }
}

function texts(count: number): string[] {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    for (let j = 1 + next(8); j > 0; j--) {
      text += next(3) === 0 ? mutate(INSTANCES[next(INSTANCES.length)] as string, next) : PIECES[next(PIECES.length)];
    }
    out.push(text);
  }
  return out;
}

describe('anchored phrases', () => {
  it('answer exactly as the plain alternations of the body cues did', () => {
    const machine = anchoredPhrases(MACHINE_PHRASES);
    const ticket = anchoredPhrases(TICKET_PHRASES);
    let matched = 0;
    for (const text of texts(40_000)) {
      expect(machine.test(text), text).toBe(PLAIN_MACHINE.test(text));
      expect(ticket.test(text), text).toBe(PLAIN_TICKET.test(text));
      if (PLAIN_MACHINE.test(text) || PLAIN_TICKET.test(text)) matched++;
    }
    // The texts must exercise matches, not only misses.
    expect(matched).toBeGreaterThan(5_000);
    expect(matched).toBeLessThan(35_000);
  });

  it('checks the words before the rare word', () => {
    const regex = anchoredPhrases([['do not ', 'reply to this']]);
    expect(regex.test('Please DO NOT reply to this')).toBe(true);
    expect(regex.test('reply to this')).toBe(false);
    expect(regex.test('do not  reply to this')).toBe(false);
  });
});
