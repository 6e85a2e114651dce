import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../src-shared/domain.js';
import { classifyDeltaItem, evaluateMessage } from '../../../src-main/rules/pipeline.js';
import { context, message, recipient } from './rule-fixtures.js';

function codes(decision: Decision): string[] {
  return decision.reasons.map((reason) => reason.code);
}

function skipCode(decision: Decision): string {
  expect(decision.verdict).toBe('skip');
  expect(decision.email).toBeUndefined();
  expect(decision.reasons).toHaveLength(1);
  return decision.reasons[0]!.code;
}

describe('evaluateMessage: read', () => {
  it('answers unreadable for payloads that are not a message with an id', () => {
    for (const payload of [null, 42, 'x', [], {}, { id: '' }, { id: 7 }]) {
      expect(skipCode(evaluateMessage(payload as never, context()))).toBe('unreadable');
    }
  });

  it('treats @removed entries as removals, not messages', () => {
    const removal = { id: 'AAMk-1', '@removed': { reason: 'deleted' } };
    expect(classifyDeltaItem(removal)).toBe('removed');
    expect(classifyDeltaItem(message())).toBe('message');
    const decision = evaluateMessage(removal as never, context());
    expect(skipCode(decision)).toBe('unreadable');
    expect(decision.reasons[0]!.detail).toContain('@removed');
  });
});

describe('evaluateMessage: message state and folder', () => {
  it('skips drafts', () => {
    expect(skipCode(evaluateMessage(message({ isDraft: true }), context()))).toBe('draft');
  });

  it('skips excluded well-known folders, case-insensitively', () => {
    for (const wellKnownName of ['deleteditems', 'Drafts', 'junkemail', 'outbox', 'conversationhistory', 'syncissues']) {
      const folder = { id: 'f', wellKnownName, displayName: wellKnownName };
      expect(skipCode(evaluateMessage(message(), context({ folder })))).toBe('excluded-folder');
    }
  });

  it('syncs inbox, sent items, archive and user folders', () => {
    for (const wellKnownName of ['inbox', 'sentitems', 'archive', null]) {
      const folder = { id: 'f', wellKnownName, displayName: 'Projects' };
      expect(evaluateMessage(message(), context({ folder })).verdict).toBe('import');
    }
  });
});

describe('evaluateMessage: participants', () => {
  it('skips a message without any valid participant', () => {
    const bad = message({
      from: recipient('not an address'),
      sender: null,
      toRecipients: [recipient('/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=ME')],
      ccRecipients: [{ emailAddress: null }, 'junk'],
    });
    expect(skipCode(evaluateMessage(bad, context()))).toBe('no-participants');
  });

  it('never reads Bcc: a message whose only outside party is Bcc is internal-only', () => {
    const bccOnly = message({
      from: recipient('me@ourco.example'),
      toRecipients: [recipient('colleague@ourco.example')],
      bccRecipients: [recipient('alice@customer.example')],
    });
    expect(skipCode(evaluateMessage(bccOnly, context()))).toBe('internal-only');
  });

  it('falls back to Sender when From is missing', () => {
    const decision = evaluateMessage(message({ from: null, sender: recipient('alice@customer.example', 'Alice') }), context());
    expect(decision.verdict).toBe('import');
    expect(decision.email?.from).toEqual({ address: 'alice@customer.example', name: 'Alice' });
  });

  it('is unreadable when recipients match but no sender address is usable', () => {
    const decision = evaluateMessage(
      message({ from: recipient('broken'), sender: null, toRecipients: [recipient('alice@customer.example')] }),
      context(),
    );
    expect(skipCode(decision)).toBe('unreadable');
  });
});

describe('evaluateMessage: blocked domains', () => {
  it('skips when any participant is in a blocked domain or its subdomain', () => {
    const viaCc = message({ ccRecipients: [recipient('x@news.spam.example')] });
    const decision = evaluateMessage(viaCc, context());
    expect(skipCode(decision)).toBe('blocked-domain');
    expect(decision.reasons[0]!.detail).toContain('spam.example');
    expect(decision.reasons[0]!.detail).not.toContain('x@');
  });

  it('does not block a domain that merely ends with the same letters', () => {
    const lookalike = message({ ccRecipients: [recipient('x@notspam.example')] });
    expect(evaluateMessage(lookalike, context()).verdict).toBe('import');
  });

  it('normalises configured blocked domains (case, IDN, trailing dot)', () => {
    const decision = evaluateMessage(message({ ccRecipients: [recipient('x@xn--bcher-kva.example')] }), context({ blockedDomains: ['BÜCHER.example.'] }));
    expect(skipCode(decision)).toBe('blocked-domain');
  });
});

describe('evaluateMessage: internal-only', () => {
  it('counts subdomains and aliases of org domains as internal', () => {
    const internal = message({
      from: recipient('me@ourco.example'),
      toRecipients: [recipient('ops@eu.ourco.example'), recipient('Boss@OURCO.EXAMPLE')],
    });
    expect(skipCode(evaluateMessage(internal, context({ orgDomains: ['ourco.example'] })))).toBe('internal-only');
  });

  it('does not treat a lookalike domain as internal', () => {
    const outside = message({ from: recipient('me@ourco.example'), toRecipients: [recipient('eve@evil-ourco.example')] });
    expect(skipCode(evaluateMessage(outside, context()))).toBe('no-crm-match');
  });
});

describe('evaluateMessage: CRM match', () => {
  it('imports mail with a CRM contact and explains the match', () => {
    const decision = evaluateMessage(message(), context());
    expect(decision.verdict).toBe('import');
    expect(decision.match).toEqual({ accountIds: ['A-1'], contactIds: ['C-1'], leadIds: [] });
    expect(decision.reasons).toEqual([
      { code: 'crm-contact', detail: 'alice@customer.example is a CRM contact of account Acme (A-1)' },
    ]);
  });

  it('imports mail with a CRM lead', () => {
    const decision = evaluateMessage(message({ from: recipient('Bob@Lead.Example') }), context());
    expect(codes(decision)).toEqual(['crm-lead']);
    expect(decision.match).toEqual({ accountIds: [], contactIds: [], leadIds: ['L-1'] });
  });

  it('imports mail from an account domain and from its subdomains (nearest account domain wins)', () => {
    const direct = evaluateMessage(message({ from: recipient('carol@customer.example') }), context());
    expect(codes(direct)).toEqual(['crm-account-domain']);
    expect(direct.match?.accountIds).toEqual(['A-1']);

    const sub = evaluateMessage(message({ from: recipient('carol@mail.customer.example') }), context());
    expect(sub.match?.accountIds).toEqual(['A-1']);
    expect(sub.reasons[0]!.detail).toContain('customer.example, a domain of account Acme (A-1)');

    const nearer = evaluateMessage(message({ from: recipient('carol@eu.customer.example') }), context());
    expect(nearer.match?.accountIds).toEqual(['B-2']);
  });

  it('matches an IDN domain however it is spelt', () => {
    const decision = evaluateMessage(message({ from: recipient('kurt@BÜCHER.example') }), context());
    expect(decision.match?.accountIds).toEqual(['M-4']);
    expect(decision.email?.from.address).toBe('kurt@xn--bcher-kva.example');
  });

  it('matches free-mail addresses by exact contact address only', () => {
    const contact = evaluateMessage(message({ from: recipient('Dave@Gmail.com') }), context());
    expect(codes(contact)).toEqual(['crm-contact']);
    expect(contact.match).toEqual({ accountIds: ['A-1'], contactIds: ['C-2'], leadIds: [] });

    const stranger = evaluateMessage(message({ from: recipient('stranger@gmail.com') }), context());
    expect(skipCode(stranger)).toBe('no-crm-match');
    expect(stranger.externalDomains).toEqual(['gmail.com']);
  });

  it('ignores internal participants that happen to be CRM contacts', () => {
    const decision = evaluateMessage(
      message({ from: recipient('me@ourco.example'), toRecipients: [recipient('x@unknown.example'), recipient('alice@customer.example')] }),
      context({ orgDomains: ['ourco.example', 'customer.example'] }),
    );
    expect(skipCode(decision)).toBe('no-crm-match');
    expect(decision.externalDomains).toEqual(['unknown.example']);
  });

  it('collects every match, sorted and de-duplicated', () => {
    const decision = evaluateMessage(
      message({
        from: recipient('me@ourco.example'),
        toRecipients: [recipient('carol@eu.customer.example'), recipient('alice@customer.example')],
        ccRecipients: [recipient('bob@lead.example'), recipient('ALICE@customer.example'), recipient('dave@gmail.com')],
      }),
      context(),
    );
    expect(decision.match).toEqual({ accountIds: ['A-1', 'B-2'], contactIds: ['C-1', 'C-2'], leadIds: ['L-1'] });
    expect(codes(decision).sort()).toEqual(['crm-account-domain', 'crm-contact', 'crm-contact', 'crm-lead']);
  });

  it('reports external domains only (never addresses) when nothing matches', () => {
    const decision = evaluateMessage(
      message({ from: recipient('zed@b.example'), toRecipients: [recipient('me@ourco.example'), recipient('amy@a.example'), recipient('ann@a.example')] }),
      context(),
    );
    expect(skipCode(decision)).toBe('no-crm-match');
    expect(decision.externalDomains).toEqual(['a.example', 'b.example']);
    expect(JSON.stringify(decision)).not.toContain('@');
  });

  it('skips mail without a valid date instead of inventing one', () => {
    const decision = evaluateMessage(message({ sentDateTime: 'yesterday', receivedDateTime: 12 }), context());
    expect(skipCode(decision)).toBe('unreadable');
  });
});

describe('evaluateMessage: skip details never carry content', () => {
  it('keeps subject, body and addresses out of every skip decision', () => {
    const secret = message({ subject: 'SECRET-SUBJECT', body: { contentType: 'text', content: 'SECRET-BODY' } });
    const variants = [
      { ...secret, isDraft: true },
      { ...secret, ccRecipients: [recipient('x@spam.example')] },
      { ...secret, from: recipient('me@ourco.example') },
      { ...secret, from: recipient('who@unknown.example') },
    ];
    for (const variant of variants) {
      const text = JSON.stringify(evaluateMessage(variant, context()));
      expect(text).not.toMatch(/SECRET|alice|@/);
    }
  });
});
