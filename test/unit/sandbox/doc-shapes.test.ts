import { describe, expect, it } from 'vitest';
import { headerMismatches, setAtPath, shapeMismatches } from '../../support/doc-shapes.js';

/** The conformance test is only as good as its comparer: it must catch each kind of difference. */
describe('documentation shape comparer', () => {
  const doc = { '@odata.nextLink': 'x', value: [{ id: 'a', isRead: false, body: { content: 'c' } }, { id: 'b', '@removed': { reason: 'deleted' } }] };

  it('accepts the same shape with other values, and more keys when the example is truncated', () => {
    const served = { '@odata.nextLink': 'y', value: [{ id: 'z', isRead: true, body: { content: '', contentType: 'html' }, subject: 's' }, { id: 'q', '@removed': { reason: 'changed' } }] };
    expect(shapeMismatches(doc, served, { truncated: true })).toEqual([]);
  });

  it('names a missing key, a wrong type, an extra key of an untruncated example, and a kind of item never served', () => {
    expect(shapeMismatches(doc, { value: doc.value }, { truncated: true })).toEqual(['$.@odata.nextLink: documented, not served']);
    expect(shapeMismatches({ isRead: false }, { isRead: 'true' }, { truncated: true })).toEqual(['$.isRead: documented boolean, served string']);
    expect(shapeMismatches({ a: 1 }, { a: 2, b: 3 }, { truncated: false })).toEqual(['$.b: served, not documented']);
    expect(shapeMismatches({ a: 1 }, { a: 2, b: 3 }, { truncated: false, allowExtraKeys: ['b'] })).toEqual([]);
    const onlyUpdates = { '@odata.nextLink': 'y', value: [{ id: 'z', isRead: true, body: { content: '' } }] };
    expect(shapeMismatches(doc, onlyUpdates, { truncated: true })).toEqual(['$.value: no served item has the shape of documented item 1']);
    expect(shapeMismatches(doc, { '@odata.nextLink': 'y', value: [] }, { truncated: true })).toEqual(['$.value: documented items, none served']);
  });

  it('compares headers by form: media type, seconds, length', () => {
    const served = new Headers({ 'content-type': 'application/json; charset=utf-8', 'retry-after': '3', 'content-length': '10' });
    expect(headerMismatches({ 'Content-Type': 'application/json', 'Retry-After': '2.128', 'Content-length': '254' }, served)).toEqual([]);
    expect(headerMismatches({ 'Retry-After': '2.128' }, new Headers({ 'retry-after': 'Wed, 02 Dec 2026 10:00:00 GMT' }))).toHaveLength(1);
    expect(headerMismatches({ 'Content-Type': 'application/json' }, new Headers({ 'content-type': 'text/html' }))).toHaveLength(1);
    expect(headerMismatches({ 'Retry-After': '2' }, new Headers())).toEqual(['header Retry-After: documented, not served']);
  });

  it('applies an erratum at a path, and refuses a path the example does not have', () => {
    const copy = structuredClone(doc);
    setAtPath(copy, 'value[0].isRead', true);
    expect(copy.value[0]?.isRead).toBe(true);
    expect(() => setAtPath(copy, 'value[0].nothing', 1)).toThrow(/no value\[0\]\.nothing/);
  });
});
