/**
 * What a simulator labels its generated mail with: the outcome the product's rule pipeline is
 * expected to reach. The reason is one of the product's stable reason codes (cli.md); the
 * simulator uses only these, and the product's tests compare them with its decisions.
 */
export type ExpectedVerdict = 'import' | 'skip';

export type ExpectedReason =
  | 'draft'
  | 'excluded-folder'
  | 'blocked-domain'
  | 'internal-only'
  | 'no-crm-match'
  | 'automated'
  | 'crm-contact'
  | 'crm-lead'
  | 'crm-account-domain';

export type Expectation = { verdict: ExpectedVerdict; reason: ExpectedReason };
