/**
 * The plain-text body we keep. HTML is converted only for candidates (the last step), because it
 * is the most expensive thing the pipeline does. The text keeps readable paragraphs and the
 * targets of links; images (tracking pixels included), styles, scripts and the document head are
 * dropped. Text bodies are kept as they are.
 *
 * Caps bound time and storage whatever a sender mails: at most HTML_INPUT_MAX_CHARS of HTML are
 * converted (about 0.1 s) and the stored text is at most BODY_TEXT_MAX_CHARS; longer text is cut
 * and ends with BODY_TRUNCATED_MARKER.
 */
import { compile, type HtmlToTextOptions } from 'html-to-text';
import { withTagNameWalk } from './tag-name-walk.js';

/** HTML characters converted at most (2 MiB of UTF-16 code units); the rest is not read. */
export const HTML_INPUT_MAX_CHARS = 2 * 1024 * 1024;
/** Characters of body text kept at most (256 KiB of UTF-16 code units), marker included. */
export const BODY_TEXT_MAX_CHARS = 256 * 1024;
export const BODY_TRUNCATED_MARKER = '\n[\u2026 truncated by Correspondent]';

const block = { format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } } as const;
const skip = { format: 'skip' } as const;

/** The conversion's options; exported for the test that the tag-name walk changes no output. */
export const HTML_TO_TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'], noAnchorUrl: true } },
    { selector: 'img', ...skip },
    { selector: 'script', ...skip },
    { selector: 'style', ...skip },
    { selector: 'head', ...skip },
    { selector: 'title', ...skip },
    { selector: 'noscript', ...skip },
    { selector: 'template', ...skip },
    { selector: 'svg', ...skip },
    // Mail layouts are tables: one block per cell reads better than a drawn grid.
    { selector: 'table', ...block },
    { selector: 'tr', ...block },
    { selector: 'td', ...block },
    { selector: 'th', ...block },
  ],
};

const htmlToText = compile(withTagNameWalk(HTML_TO_TEXT_OPTIONS));

function withoutBrokenSurrogate(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}

/** Cuts text to BODY_TEXT_MAX_CHARS, never in the middle of a surrogate pair. */
export function capBodyText(text: string): string {
  if (text.length <= BODY_TEXT_MAX_CHARS) return text;
  const keep = BODY_TEXT_MAX_CHARS - BODY_TRUNCATED_MARKER.length;
  return withoutBrokenSurrogate(text.slice(0, keep)) + BODY_TRUNCATED_MARKER;
}

export function bodyToText(body: { contentType: 'html' | 'text'; content: string }): string {
  if (body.contentType === 'text') return capBodyText(body.content);
  const html = withoutBrokenSurrogate(body.content.slice(0, HTML_INPUT_MAX_CHARS));
  return capBodyText(htmlToText(html).trim());
}
