import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile, type HtmlToTextOptions } from 'html-to-text';
import { describe, expect, it } from 'vitest';
import { HTML_TO_TEXT_OPTIONS } from '../../../src-main/rules/body-text.js';
import { withTagNameWalk } from '../../../src-main/rules/tag-name-walk.js';
import { newsletterHtml, outlookHtml, receiptHtml } from '@correspondent/m365-sandbox/html-bodies.js';

const alice = { name: 'Alice Adler', address: 'alice@customer.example' };
const ben = { name: 'Ben <Novak>', address: 'ben@ourco.example' };

/** HTML shaped like mail, and the odd cases a walk could get wrong. */
const SAMPLES = [
  outlookHtml({ from: alice, to: [ben], paragraphs: ['Thanks & regards.', 'See you'], title: 'CFO' }),
  outlookHtml({ from: ben, to: [alice], paragraphs: ['Re: quote'], quoted: { from: alice, sentAt: new Date(0), subject: 'Quote', paragraphs: ['a', 'b'] } }),
  newsletterHtml({ brand: 'Contoso', trackHost: 't.contoso.example', kilobytes: 12, recipient: 'ben@ourco.example', postalAddress: '1 Main St' }),
  receiptHtml({ brand: 'Fabrikam', trackHost: 't.fabrikam.example', number: 'R-1', lines: [{ item: 'Seats', amount: 40 }] }),
  'Hello<br>world <b>bold</b> <i>it</i>',
  '<p>a</p><!-- a comment --><script>x()</script><style>p{}</style>tail',
  '<html><p>an html element, no body</p></html>',
  '<body><body><p>nested body</p></body></body>',
  '<svg><text>drawn</text></svg><TD>upper-case tag</TD><custom-tag>custom</custom-tag>',
  '<ul><li>one<li>two</ul><ol start="3"><li>three</ol>',
  '<table><tr><th>head</th><td>cell</td></tr></table><h1>Title</h1><blockquote>quoted</blockquote><pre>  pre\n  formatted</pre><hr><wbr>',
  '<html><head><title>t</title><meta charset="utf-8"></head><body><a href="https://x.example">https://x.example</a> <a href="https://y.example">y</a> <a href="#top">top</a><img src="p.gif" width="1" height="1"></body></html>',
  '<div>&nbsp;&amp;&lt;&#x1F600;&unknown;</div><noscript>no</noscript><template><p>t</p></template>',
];

function corpusBodies(): string[] {
  const file = path.resolve(import.meta.dirname, '../../corpus/messages.jsonl');
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { message: { body?: { content?: string } } }).message.body?.content ?? '');
}

describe('tag-name walk', () => {
  it('converts exactly as html-to-text does with its selector picker', () => {
    const picker = compile(HTML_TO_TEXT_OPTIONS);
    const byTagName = compile(withTagNameWalk(HTML_TO_TEXT_OPTIONS));
    for (const html of [...SAMPLES, ...corpusBodies()]) expect(byTagName(html)).toBe(picker(html));
  });

  it('leaves other selectors and limits to html-to-text', () => {
    const html = '<html><body><p class="note">note</p><div><div><p>deep</p></div></div><p>1</p><p>2</p></body></html>';
    const cases: HtmlToTextOptions[] = [
      { ...HTML_TO_TEXT_OPTIONS, selectors: [...(HTML_TO_TEXT_OPTIONS.selectors ?? []), { selector: 'p.note', format: 'skip' }] },
      { ...HTML_TO_TEXT_OPTIONS, limits: { maxDepth: 2 } },
      { ...HTML_TO_TEXT_OPTIONS, limits: { maxChildNodes: 2 } },
    ];
    for (const options of cases) expect(compile(withTagNameWalk(options))(html)).toBe(compile(options)(html));
  });
});
