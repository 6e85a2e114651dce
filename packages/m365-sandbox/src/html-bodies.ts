/**
 * HTML bodies shaped like real ones, because the pipeline's HTML-to-text step and the store are
 * sized by them: Outlook person-to-person mail (a style block, a signature table, the quoted
 * history growing with each reply: a few KB), and ESP newsletters and receipts (table layouts with
 * inline styles, a tracking pixel, an unsubscribe footer: 10 KB to about 100 KB).
 */
import type { Person } from './mail-content.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const OUTLOOK_STYLE =
  '<style type="text/css" style="display:none;">' +
  '<!-- @font-face {font-family:"Cambria Math";panose-1:2 4 5 3 5 4 6 3 2 4;} @font-face {font-family:Calibri;panose-1:2 15 5 2 2 2 4 3 2 4;} ' +
  '@font-face {font-family:Aptos;} p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm;font-size:11.0pt;font-family:"Aptos",sans-serif;} ' +
  'a:link, span.MsoHyperlink {mso-style-priority:99;color:#467886;text-decoration:underline;} span.EmailStyle17 {mso-style-type:personal-compose;' +
  'font-family:"Aptos",sans-serif;color:windowtext;} .MsoChpDefault {mso-style-type:export-only;font-size:11.0pt;} ' +
  '@page WordSection1 {size:612.0pt 792.0pt;margin:72.0pt 72.0pt 72.0pt 72.0pt;} div.WordSection1 {page:WordSection1;} --></style>';

function signature(from: Person, title: string | undefined): string {
  return (
    '<table border="0" cellspacing="0" cellpadding="0" style="border-collapse:collapse"><tr>' +
    `<td style="padding:0cm 8pt 0cm 0cm;border-right:solid #0F6CBD 1.5pt"><p class="MsoNormal"><b>${escapeHtml(from.name)}</b></p>` +
    `<p class="MsoNormal"><span style="color:#595959">${escapeHtml(title ?? '')}</span></p></td>` +
    `<td style="padding:0cm 0cm 0cm 8pt"><p class="MsoNormal"><a href="mailto:${escapeHtml(from.address)}">${escapeHtml(from.address)}</a></p>` +
    '<p class="MsoNormal">+1 555 0100</p></td></tr></table>'
  );
}

export type Quoted = { from: Person; to?: Person[]; sentAt: Date; subject: string; paragraphs: string[]; quotedHtml?: string };

/** An Outlook-style body; replies quote the previous message, which quoted its own parent. */
export function outlookHtml(options: { from: Person; to: Person[]; paragraphs: string[]; title?: string; quoted?: Quoted }): string {
  const first = options.to[0]?.name.split(' ')[0];
  const greeting = first ? `Hi ${escapeHtml(first)},` : 'Hi,';
  const lines = [greeting, ...options.paragraphs.map(escapeHtml)].map((p) => `<p class="MsoNormal">${p}</p><p class="MsoNormal">&nbsp;</p>`).join('');
  const closing = `<div>Best regards,<br>${escapeHtml(options.from.name)}</div>${signature(options.from, options.title)}`;
  const q = options.quoted;
  const quote = q
    ? '<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">' +
      `<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> ${escapeHtml(q.from.name)} &lt;${escapeHtml(q.from.address)}&gt;<br>` +
      `<b>Sent:</b> ${q.sentAt.toUTCString()}<br>${q.to ? `<b>To:</b> ${q.to.map((p) => escapeHtml(p.name)).join('; ')}<br>` : ''}<b>Subject:</b> ${escapeHtml(q.subject)}</font></div>` +
      `<div>${q.paragraphs.map(escapeHtml).join('<br>')}</div>${q.quotedHtml ?? ''}`
    : '';
  return (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta name="Generator" content="Microsoft Word 15 (filtered medium)">' +
    `${OUTLOOK_STYLE}</head><body lang="EN-US" link="#467886" vlink="#96607D" style="word-wrap:break-word"><div class="WordSection1">${lines}${closing}</div>${quote}</body></html>`
  );
}

/** The part of a body a reply quotes: everything inside <body>. */
export function quotedPart(html: string): string {
  const start = html.indexOf('<body');
  const open = html.indexOf('>', start) + 1;
  const end = html.lastIndexOf('</body>');
  return start < 0 || end < 0 ? '' : `<div style="border:none;border-left:solid #ccc 1pt;padding-left:6pt">${html.slice(open, end)}</div>`;
}

const ARTICLE_WORDS = ['product', 'update', 'customers', 'release', 'webinar', 'team', 'insights', 'report', 'pricing', 'roadmap', 'security', 'partners', 'growth', 'event', 'story'];

function article(n: number, brand: string, trackHost: string): string {
  const words = Array.from({ length: 60 }, (_, i) => ARTICLE_WORDS[(n * 7 + i * 3) % ARTICLE_WORDS.length]).join(' ');
  return (
    '<tr><td class="mcnTextContent" style="padding:18px 24px;color:#202020;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:150%;text-align:left">' +
    `<h2 style="display:block;margin:0;padding:0;color:#202020;font-size:22px;font-weight:bold;line-height:125%">${escapeHtml(brand)} news #${n + 1}</h2>` +
    `<p style="margin:10px 0;padding:0">${words}.</p>` +
    `<a href="https://${trackHost}/c/${n.toString(36)}?u=${(n * 7919).toString(16)}" target="_blank" style="color:#007C89;font-weight:normal;text-decoration:underline">Read more</a>` +
    '</td></tr>'
  );
}

/** A marketing newsletter: about `kilobytes` KB of table layout, a tracking pixel and an unsubscribe footer. */
export function newsletterHtml(options: { brand: string; trackHost: string; kilobytes: number; recipient: string; postalAddress: string }): string {
  const articles: string[] = [];
  let size = 0;
  for (let n = 0; size < options.kilobytes * 1024 - 2500; n++) {
    const block = article(n, options.brand, options.trackHost);
    articles.push(block);
    size += block.length;
  }
  return (
    '<!doctype html><html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(options.brand)}</title><style type="text/css">p{margin:10px 0;padding:0}table{border-collapse:collapse}h1,h2,h3{display:block;margin:0;padding:0}` +
    'img,a img{border:0;height:auto;outline:none;text-decoration:none}body,#bodyTable,#bodyCell{height:100%;margin:0;padding:0;width:100%}' +
    '@media only screen and (max-width:480px){.mcnTextContent{font-size:14px !important;line-height:150% !important}}</style></head>' +
    '<body><span class="mcnPreviewText" style="display:none;font-size:0;line-height:0;max-height:0;max-width:0;opacity:0;overflow:hidden;visibility:hidden">This month at a glance</span>' +
    `<center><table align="center" border="0" cellpadding="0" cellspacing="0" height="100%" width="100%" id="bodyTable"><tr><td align="center" valign="top" id="bodyCell">` +
    `<table border="0" cellpadding="0" cellspacing="0" width="600"><tr><td style="padding:9px;text-align:right;font-size:11px"><a href="https://${options.trackHost}/view">View this email in your browser</a></td></tr>` +
    `${articles.join('')}<tr><td style="padding:24px;color:#656565;font-size:12px;text-align:center">You are receiving this email because ${escapeHtml(options.recipient)} opted in.<br>` +
    `${escapeHtml(options.postalAddress)}<br><a href="https://${options.trackHost}/unsubscribe">unsubscribe from this list</a> | <a href="https://${options.trackHost}/profile">update subscription preferences</a></td></tr></table>` +
    `</td></tr></table></center><img src="https://${options.trackHost}/open.gif?e=${escapeHtml(options.recipient)}" height="1" width="1" alt="" style="display:block;border:0"></body></html>`
  );
}

/** A transactional receipt: a table of lines and a total, with a tracking pixel. */
export function receiptHtml(options: { brand: string; trackHost: string; number: string; lines: { item: string; amount: number }[] }): string {
  const rows = options.lines
    .map((l) => `<tr><td style="padding:8px;border-bottom:1px solid #eee">${escapeHtml(l.item)}</td><td style="padding:8px;border-bottom:1px solid #eee;text-align:right">${l.amount.toFixed(2)} EUR</td></tr>`)
    .join('');
  const total = options.lines.reduce((sum, l) => sum + l.amount, 0);
  return (
    '<html><head><meta charset="utf-8"><style>body{font-family:Arial,sans-serif;color:#333}.total td{font-weight:bold}</style></head><body>' +
    `<h1 style="font-size:20px">${escapeHtml(options.brand)}: invoice ${escapeHtml(options.number)}</h1><p>Thank you for your business. This is an automatically generated message; please do not reply.</p>` +
    `<table width="100%" cellpadding="0" cellspacing="0">${rows}<tr class="total"><td style="padding:8px">Total</td><td style="padding:8px;text-align:right">${total.toFixed(2)} EUR</td></tr></table>` +
    `<p style="font-size:11px;color:#999">Manage your notification settings in the customer portal.</p><img src="https://${options.trackHost}/o/${escapeHtml(options.number)}.gif" width="1" height="1" alt=""></body></html>`
  );
}
