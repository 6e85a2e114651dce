/**
 * The capture policy compiled for the per-message path (settings.capturePolicy and the stored
 * exclusion lists; src-shared/capture-policy.ts): lookup sets and one subject matcher per scope,
 * built once per rule context, so each candidate costs a few Map reads.
 */
import {
  DEFAULT_SUBJECT_TERMS,
  SENSITIVE_CONTENT_KINDS,
  capturePolicySettingsSchema,
  type CapturePolicySettings,
  type ExclusionEntry,
  type ExclusionInput,
  type SensitiveContentKind,
  type SensitivityValue,
} from '../../src-shared/capture-policy.js';
import { normaliseExclusion } from './exclusion-entry.js';
import { compileSubjectTerms, type SubjectTerms } from './subject-terms.js';

export type ExclusionScope = { addresses: ReadonlySet<string>; domains: ReadonlySet<string>; subject: SubjectTerms | null };

export type CapturePolicy = {
  /** Sensitivity values whose mail is skipped. */
  skipSensitivity: ReadonlySet<SensitivityValue>;
  org: ExclusionScope;
  /** Per-mailbox entries, by normalised mailbox address (they add to the org-wide ones). */
  byMailbox: ReadonlyMap<string, ExclusionScope>;
  /** Identifier kinds scanned for (all of them: each is either skipped or masked). */
  contentKinds: readonly SensitiveContentKind[];
  skipContent: ReadonlySet<SensitiveContentKind>;
  /** Inbound mail from a non-CRM sender to more recipients than this is mass mail; null: off. */
  massMailMaxRecipients: number | null;
};

/** The exclusions a new installation starts with: the default subject terms, org-wide. */
export const DEFAULT_EXCLUSIONS: readonly ExclusionEntry[] = Object.freeze(
  DEFAULT_SUBJECT_TERMS.map((value): ExclusionEntry => ({ kind: 'subject', value, mailbox: null })),
);

type ScopeBuilder = { addresses: Set<string>; domains: Set<string>; terms: Set<string> };

const newScope = (): ScopeBuilder => ({ addresses: new Set(), domains: new Set(), terms: new Set() });

function freezeScope(scope: ScopeBuilder): ExclusionScope {
  return { addresses: scope.addresses, domains: scope.domains, subject: compileSubjectTerms(scope.terms) };
}

/** Invalid entries are left out (the store and the imports refuse them with a reason first). */
export function compileCapturePolicy(settings?: CapturePolicySettings, exclusions: readonly ExclusionInput[] = []): CapturePolicy {
  const policy = settings ?? capturePolicySettingsSchema.parse({});
  const org = newScope();
  const mailboxes = new Map<string, ScopeBuilder>();
  for (const input of exclusions) {
    const parsed = normaliseExclusion(input);
    if (!parsed.ok) continue;
    const { kind, value, mailbox } = parsed.entry;
    let scope = org;
    if (mailbox !== null) {
      scope = mailboxes.get(mailbox) ?? newScope();
      mailboxes.set(mailbox, scope);
    }
    (kind === 'address' ? scope.addresses : kind === 'domain' ? scope.domains : scope.terms).add(value);
  }
  const skipSensitivity = new Set<SensitivityValue>();
  for (const value of ['personal', 'private', 'confidential'] as const) if (policy.sensitivity[value] === 'skip') skipSensitivity.add(value);
  return Object.freeze({
    skipSensitivity,
    org: freezeScope(org),
    byMailbox: new Map([...mailboxes].map(([mailbox, scope]) => [mailbox, freezeScope(scope)])),
    contentKinds: SENSITIVE_CONTENT_KINDS,
    skipContent: new Set(SENSITIVE_CONTENT_KINDS.filter((kind) => policy.sensitiveContent[kind] === 'skip')),
    massMailMaxRecipients: policy.massMail.maxRecipients,
  });
}
