/**
 * Header-first capture (issue 21): between reading a page of envelopes and deciding it, the
 * envelope rules decide every message they can (rules/evaluate-message.ts `evaluateEnvelope`:
 * folder, draft, participants, blocked and internal-only, CRM match, Outlook sensitivity,
 * exclusions, subject terms, mass mail), and only the rest - the candidates - have their body and
 * internet headers downloaded, in JSON batches (graph/graph-content-batch.ts). A candidate's
 * content is added to the view read from its envelope (rules/read-message.ts `addContent`: only
 * the content is read, the envelope is not parsed again), so the content stage sees exactly the
 * message a full fetch would have sent and decides it with the same rules.
 * A candidate Graph no longer has (404: deleted, or moved out of the mailbox, since the page) is
 * left out of the page: it is neither decided nor stored, and the next delta round reports what
 * happened to it. Items that already carry their content (a full-fetch page, a round begun before
 * header-first, a removal looked up by id) go to the content stage without a download.
 */
import { hasContent, type FolderInfo } from '../graph/graph-message.js';
import type { GraphMailReader } from '../graph/graph-mail-reader.js';
import { addContent, addReferencedIds } from '../rules/pipeline.js';
import type { MessageView } from '../rules/pipeline.js';
import type { PageRules } from './page-rules.js';
import type { PageItem, ReadPage } from '../rules/read-page.js';

export type ContentStageInput = {
  reader: Pick<GraphMailReader, 'readContents'>;
  rules: PageRules;
  mailbox: string;
  graphUserId: string;
  folder: FolderInfo;
  /** Called after the envelope decisions, before any content is downloaded (a crash-test kill point). */
  beforeContentFetch?: (candidates: number) => Promise<void> | void;
};

/** Decides what the envelope settles, downloads the rest's content; the page's items end up decided or ready for the content stage. */
export async function runEnvelopeStage(page: ReadPage, input: ContentStageInput): Promise<void> {
  const { rules, mailbox, folder } = input;
  const noReciprocity = () => false; // the envelope stage never reads thread references
  const folderRules = rules.forPage(mailbox, folder, noReciprocity);
  const candidates: { item: PageItem; message: MessageView }[] = [];
  for (const item of page.items) {
    if (hasContent(item.raw) || !item.read.ok) continue;
    const decided = (item.folder ? rules.forPage(mailbox, item.folder, noReciprocity) : folderRules).decideEnvelope(item.read);
    if (decided) item.decidedAtEnvelope = decided;
    else candidates.push({ item, message: item.read.message });
  }
  await input.beforeContentFetch?.(candidates.length);
  if (candidates.length > 0) {
    const contents = await input.reader.readContents(input.graphUserId, candidates.map((c) => c.message.id));
    const goneItems = new Set<PageItem>();
    for (const { item, message } of candidates) {
      const content = contents.get(message.id);
      if (!content) {
        goneItems.add(item);
        continue;
      }
      const whole = addContent(message, content);
      item.read = { ok: true, message: whole };
      addReferencedIds(whole.headers, page.referencedIds);
    }
    if (goneItems.size > 0) page.items = page.items.filter((item) => !goneItems.has(item));
  }
}

