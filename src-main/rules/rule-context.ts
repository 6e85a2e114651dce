/**
 * Everything a rule may consult besides the message. `createRuleContext` normalises the configured
 * domains once, so the per-message path compares ready-made keys and never re-parses settings.
 * Built either whole, or without mailbox and folder and completed per folder by spreading
 * (`{ ...settings, mailbox, folder }`): the expensive part is shared across every folder.
 */
import type { CrmLookup } from '../crm/crm-lookup.js';
import type { FolderInfo } from '../graph/graph-message.js';
import type { CapturePolicySettings, ExclusionInput } from '../../src-shared/capture-policy.js';
import type { AutomatedMailSettings } from '../../src-shared/settings.js';
import { normaliseAddress, normaliseDomains } from './address.js';
import { compileAutomatedMailPolicy, type AutomatedMailPolicy } from './automated/automated-mail-policy.js';
import { compileCapturePolicy, type CapturePolicy } from './capture-policy.js';

export type RuleContext = {
  /** The mailbox being synced (its address). */
  mailbox: string;
  folder: FolderInfo;
  /** Normalised organisation domains; their subdomains are internal too. */
  orgDomains: ReadonlySet<string>;
  /** Normalised, de-duplicated blocked domains; their subdomains are blocked too. */
  blockedDomains: readonly string[];
  /** Normalised addresses that are the organisation's whatever their domain (mailbox aliases). */
  orgAddresses: ReadonlySet<string>;
  crm: CrmLookup;
  /** Sensitivity threshold and administrators' allow/block patterns for automated mail. */
  automatedMail: AutomatedMailPolicy;
  /** Sensitivity, exclusions, sensitive content and mass mail (capture-policy.ts). */
  capture: CapturePolicy;
  /**
   * True for a normalised Message-ID (message-key.ts `normaliseMessageId`) that our side sent or
   * stored: replies to it are correspondence (thread reciprocity). The sync fills it from stored
   * and sent Message-IDs; the default knows none.
   */
  isOwnMessageId(normalisedMessageId: string): boolean;
};

/** The mailbox-independent part of a RuleContext. */
export type RuleSettings = Omit<RuleContext, 'mailbox' | 'folder'>;

export type RuleSettingsInput = {
  orgDomains: Iterable<string>;
  blockedDomains: Iterable<string>;
  /** Mailbox aliases (proxyAddresses): internal participants even outside `orgDomains`. */
  orgAddresses?: Iterable<string>;
  crm: CrmLookup;
  /** Defaults to the default settings (normal sensitivity, no patterns). */
  automatedMail?: AutomatedMailSettings;
  /** Defaults to the default settings. */
  capturePolicy?: CapturePolicySettings;
  /** The stored exclusion lists (default: none). */
  exclusions?: readonly ExclusionInput[];
  isOwnMessageId?: (normalisedMessageId: string) => boolean;
};

export type RuleContextInput = RuleSettingsInput & { mailbox: string; folder: FolderInfo };

const knowsNone = (): boolean => false;

/** Normalises the inputs once; invalid domains are dropped (settings validation reports them). */
export function createRuleContext(input: RuleContextInput): RuleContext;
export function createRuleContext(input: RuleSettingsInput): RuleSettings;
export function createRuleContext(input: RuleSettingsInput & Partial<RuleContextInput>): RuleSettings | RuleContext {
  const settings: RuleSettings = {
    orgDomains: new Set(normaliseDomains(input.orgDomains)),
    blockedDomains: Object.freeze(normaliseDomains(input.blockedDomains)),
    orgAddresses: new Set([...(input.orgAddresses ?? [])].map((a) => normaliseAddress(a)).filter((a): a is string => a !== null)),
    crm: input.crm,
    automatedMail: compileAutomatedMailPolicy(input.automatedMail),
    capture: compileCapturePolicy(input.capturePolicy, input.exclusions),
    isOwnMessageId: input.isOwnMessageId ?? knowsNone,
  };
  if (input.mailbox === undefined || input.folder === undefined) return Object.freeze(settings);
  const mailbox = normaliseAddress(input.mailbox) ?? input.mailbox.trim().toLowerCase();
  return Object.freeze({ ...settings, mailbox, folder: input.folder });
}
