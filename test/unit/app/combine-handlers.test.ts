import { describe, expect, it } from 'vitest';
import { combineHandlers } from '../../../src-main/app/handlers/combine-handlers.js';

describe('combineHandlers', () => {
  it('refuses a method implemented by two groups', () => {
    const list = async () => ({ items: [] });
    expect(() => combineHandlers({ 'mailboxes.list': list }, { 'mailboxes.list': list })).toThrow(/mailboxes.list is implemented twice/);
  });

  it('assembles disjoint groups', () => {
    const list = async () => ({ items: [] });
    const handlers = combineHandlers({ 'mailboxes.list': list }, {});
    expect(handlers['mailboxes.list']).toBe(list);
  });
});
