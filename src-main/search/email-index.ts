/**
 * The Elasticsearch index of stored emails: an index template, so that an index created by any
 * route (first bulk write, `reindex`, an operator) gets these mappings. Mappings are strict: a
 * field the template does not know is a bug to be caught, not a mapping to be guessed.
 *
 * Subject and body are text with an analyzer for mixed-language business mail: standard
 * tokenisation, CJK width folding and bigrams (Chinese/Japanese/Korean have no spaces), lower
 * case, and ASCII folding that keeps the original token (so "Grüße" matches "grusse" and
 * "grüße"). Addresses, domains and CRM ids are keywords with a lower-case normalizer; dates are
 * dates. The golden snapshot test (test/integration/search) pins this document.
 */
import type { estypes } from '@elastic/elasticsearch';

export const DEFAULT_EMAIL_INDEX = 'correspondent-emails';

export function emailIndexTemplate(index: string): estypes.IndicesPutIndexTemplateRequest {
  const keyword: estypes.MappingKeywordProperty = { type: 'keyword', normalizer: 'address' };
  return {
    name: index,
    index_patterns: [index],
    priority: 200,
    _meta: { managedBy: 'correspondent', version: 1 },
    template: {
      settings: {
        analysis: {
          filter: { folding: { type: 'asciifolding', preserve_original: true } },
          analyzer: {
            email_text: { type: 'custom', tokenizer: 'standard', filter: ['cjk_width', 'lowercase', 'cjk_bigram', 'folding'] },
          },
          normalizer: { address: { type: 'custom', filter: ['lowercase'] } },
        },
      },
      mappings: {
        dynamic: 'strict',
        properties: {
          emailId: { type: 'long' },
          messageKey: { type: 'keyword' },
          internetMessageId: { type: 'keyword' },
          subject: { type: 'text', analyzer: 'email_text', fields: { keyword: { type: 'keyword', ignore_above: 512 } } },
          body: { type: 'text', analyzer: 'email_text' },
          from: {
            properties: {
              address: keyword,
              name: { type: 'text', analyzer: 'email_text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
              domain: keyword,
            },
          },
          to: keyword,
          cc: keyword,
          participants: keyword,
          domains: keyword,
          sentAt: { type: 'date' },
          mailboxes: keyword,
          accountIds: { type: 'keyword' },
          contactIds: { type: 'keyword' },
          leadIds: { type: 'keyword' },
          opportunityId: { type: 'keyword' },
          assignedTo: keyword,
        },
      },
    },
  };
}
