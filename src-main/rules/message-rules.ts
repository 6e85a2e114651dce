/**
 * Rules on the message's state and folder: the cheapest checks, run before any address is parsed.
 */
import type { MessageView } from './read-message.js';
import type { SkipRule } from './rule.js';

/**
 * Graph well-known folders that never hold customer correspondence worth keeping: deleted, junk,
 * unsent, and Exchange's system folders. Inbox (and subfolders), Sent Items, Archive and user
 * folders are synced.
 */
export const EXCLUDED_WELL_KNOWN_FOLDERS: ReadonlySet<string> = new Set([
  'deleteditems',
  'drafts',
  'junkemail',
  'outbox',
  'conflicts',
  'localfailures',
  'serverfailures',
  'syncissues',
  'conversationhistory',
  'recoverableitemsdeletions',
  'scheduled',
  'searchfolders',
  'clutter',
]);

export const draftRule: SkipRule<MessageView> = {
  name: 'draft',
  code: 'draft',
  check: (message) => (message.isDraft ? { code: 'draft', detail: 'the message is an unsent draft' } : null),
};

export const excludedFolderRule: SkipRule<MessageView> = {
  name: 'excluded-folder',
  code: 'excluded-folder',
  check: (_message, context) => {
    const wellKnown = context.folder.wellKnownName?.toLowerCase() ?? null;
    if (wellKnown === null || !EXCLUDED_WELL_KNOWN_FOLDERS.has(wellKnown)) return null;
    return { code: 'excluded-folder', detail: `messages in the ${wellKnown} folder are not imported` };
  },
};

export const MESSAGE_RULES: readonly SkipRule<MessageView>[] = [draftRule, excludedFolderRule];
