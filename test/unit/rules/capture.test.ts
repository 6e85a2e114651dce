import { describe, expect, it } from 'vitest';
import { capturedEmailSchema, type CapturedEmail } from '../../../src-shared/domain.js';
import { BODY_TEXT_MAX_CHARS, evaluateMessage } from '../../../src-main/rules/pipeline.js';
import { context, message, recipient } from './rule-fixtures.js';

function capture(overrides: Record<string, unknown> = {}): CapturedEmail {
  const decision = evaluateMessage(message(overrides), context());
  expect(decision.verdict).toBe('import');
  return capturedEmailSchema.strict().parse(decision.email);
}

function html(content: string): Record<string, unknown> {
  return { body: { contentType: 'html', content } };
}

describe('capture: fields', () => {
  it('keeps exactly the documented fields, normalised', () => {
    const email = capture({
      from: recipient(' Alice@Customer.Example ', ' Alice A. '),
      toRecipients: [recipient('me@ourco.example', 'Me'), recipient('bad address'), recipient('ME@ourco.example')],
      ccRecipients: [recipient('bob@lead.example')],
      bccRecipients: [recipient('hidden@customer.example')],
      sentDateTime: '2025-02-10T09:13:58+01:00',
    });
    expect(email).toEqual({
      messageKey: 'caf8xq9v+w2@mail.customer.example',
      internetMessageId: '<CAF8xQ9v+W2@Mail.Customer.Example>',
      from: { address: 'alice@customer.example', name: 'Alice A.' },
      to: [{ address: 'me@ourco.example', name: 'Me' }],
      cc: [{ address: 'bob@lead.example', name: '' }],
      subject: 'Quote for 40 units',
      bodyText: 'Hello,\r\nplease send the quote.\r\nAlice',
      sentAt: '2025-02-10T08:13:58.000Z',
      inReplyTo: null,
      references: [],
    });
  });

  it('falls back to receivedDateTime when sentDateTime is missing or invalid', () => {
    expect(capture({ sentDateTime: null }).sentAt).toBe('2025-02-10T08:14:03.000Z');
    expect(capture({ sentDateTime: '2025-02-31T99:00:00Z' }).sentAt).toBe('2025-02-10T08:14:03.000Z');
  });

  it('reads In-Reply-To and References from headers, whatever their case', () => {
    const email = capture({
      internetMessageHeaders: [
        { name: 'Received', value: 'from somewhere' },
        { name: 'in-reply-to', value: ' <parent@customer.example> (comment)' },
        { name: 'REFERENCES', value: '<root@ourco.example>\r\n <parent@customer.example>' },
      ],
    });
    expect(email.inReplyTo).toBe('<parent@customer.example>');
    expect(email.references).toEqual(['<root@ourco.example>', '<parent@customer.example>']);
  });

  it('caps a very long References list, keeping the thread root and the newest', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `<m${i}@x.example>`);
    const email = capture({ internetMessageHeaders: [{ name: 'References', value: ids.join(' ') }] });
    expect(email.references).toHaveLength(100);
    expect(email.references[0]).toBe('<m0@x.example>');
    expect(email.references.at(-1)).toBe('<m249@x.example>');
  });

  it('uses a content fingerprint as key when there is no Message-ID', () => {
    const email = capture({ internetMessageId: '   ' });
    expect(email.internetMessageId).toBeNull();
    expect(email.messageKey).toMatch(/^fp:[0-9a-f]{64}$/);
  });
});

describe('capture: body', () => {
  it('converts HTML to readable text with links kept and scripts, styles and images dropped', () => {
    const { bodyText } = capture(
      html(
        '<html><head><title>Mail</title><style>p { color: red }</style></head><body>' +
          '<p>Hello <b>Bob</b>,</p><script>track("open")</script>' +
          '<p>See <a href="https://customer.example/offer?id=7">the offer</a> or write to ' +
          '<a href="mailto:sales@customer.example">sales@customer.example</a>.</p>' +
          '<img src="https://t.example/pixel.gif" width="1" height="1" alt="tracking">' +
          '<table><tr><td>Price</td><td>40 &euro;</td></tr></table></body></html>',
      ),
    );
    expect(bodyText).toBe(
      'Hello Bob,\n\nSee the offer <https://customer.example/offer?id=7> or write to sales@customer.example.\n\nPrice\n40 €',
    );
    expect(bodyText).not.toMatch(/track|color|pixel|tracking|Mail/);
  });

  it('drops style and script even without a body element', () => {
    expect(capture(html('<style>.x{}</style><p>Thanks!</p><script>x()</script>')).bodyText).toBe('Thanks!');
  });

  it('caps a 10 MB body instead of failing', () => {
    const big = 'a'.repeat(10 * 1024 * 1024);
    const text = capture({ body: { contentType: 'text', content: big } }).bodyText;
    expect(text.length).toBe(BODY_TEXT_MAX_CHARS);
    expect(text).toMatch(/truncated by Correspondent\]$/);
    const converted = capture(html(`<p>${'word '.repeat(2 * 1024 * 1024)}</p>`)).bodyText;
    expect(converted.length).toBeLessThanOrEqual(BODY_TEXT_MAX_CHARS);
  });

  it('never cuts a surrogate pair in half', () => {
    const text = capture({ body: { contentType: 'text', content: '😀'.repeat(BODY_TEXT_MAX_CHARS) } }).bodyText;
    expect(() => encodeURIComponent(text)).not.toThrow();
  });

  it('treats a missing or non-string body as empty', () => {
    expect(capture({ body: null }).bodyText).toBe('');
    expect(capture({ body: { contentType: 'html', content: 42 } }).bodyText).toBe('');
    expect(capture({ subject: { nested: true } }).subject).toBe('');
  });
});
