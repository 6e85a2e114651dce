/**
 * The live preview's content stage (issue 21): a preview reads a mailbox as the sync does - delta
 * pages of envelopes -, so before deciding it downloads the body and internet headers of exactly
 * the messages the envelope rules leave open, in JSON batches (GraphMailReader.readContents), and
 * adds them to the view read from the envelope (rules/read-message.ts `addContent`), as the sync's
 * content stage does: a message is never parsed twice.
 * With several policies (a simulation: the current one and a draft) a message's content is
 * fetched when any of them leaves it open. A message gone since its envelope was read (404) is
 * left out of the preview, as the sync leaves it out of a page.
 */
import { hasContent } from '../graph/graph-message.js';
import type { GraphMailReader } from '../graph/graph-mail-reader.js';
import { normaliseAddress } from '../rules/address.js';
import { addContent, evaluateEnvelope, folderInfoOf, type MessageView, type RuleSettings } from '../rules/pipeline.js';
import { envelopeRead, type MessageEnvelope, type PreviewEnvelope } from '../rules/preview.js';

export async function fetchPreviewContent(
  envelopes: readonly PreviewEnvelope[],
  policies: readonly RuleSettings[],
  reader: Pick<GraphMailReader, 'readContents'>,
  graphUserIdOf: (mailbox: string) => string | undefined,
): Promise<PreviewEnvelope[]> {
  const open = new Map<string, string[]>(); // mailbox -> message ids
  const openViews = new Map<MessageEnvelope, MessageView>();
  for (const envelope of envelopes) {
    if (!('message' in envelope) || hasContent(envelope.message)) continue;
    const read = envelopeRead(envelope);
    if (!read.ok) continue;
    const mailbox = normaliseAddress(envelope.mailbox) ?? envelope.mailbox;
    const folder = folderInfoOf(envelope.folder);
    if (policies.every((settings) => evaluateEnvelope(read, { ...settings, mailbox, folder }) !== null)) continue;
    openViews.set(envelope, read.message);
    const ids = open.get(envelope.mailbox);
    if (ids) ids.push(read.message.id);
    else open.set(envelope.mailbox, [read.message.id]);
  }
  const contents = new Map<string, Record<string, unknown> | null>();
  for (const [mailbox, ids] of open) {
    const userId = graphUserIdOf(mailbox);
    if (userId === undefined) continue;
    for (const [id, content] of await reader.readContents(userId, ids)) contents.set(`${mailbox}\n${id}`, content);
  }
  const out: PreviewEnvelope[] = [];
  for (const envelope of envelopes) {
    const view = 'message' in envelope ? openViews.get(envelope) : undefined;
    const key = view && 'message' in envelope ? `${envelope.mailbox}\n${view.id}` : null;
    if (!view || key === null || !contents.has(key)) {
      out.push(envelope);
      continue;
    }
    const content = contents.get(key);
    if (content) out.push({ ...envelope, read: { ok: true, message: addContent(view, content) } });
  }
  return out;
}
