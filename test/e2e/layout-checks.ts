/**
 * Layout facts measured in the page (issue 19): words broken across lines, badges wider than their
 * pill, navigation labels that do not start on one line. Measured with DOM ranges on the rendered
 * text, so they fail when the user would see the fault, whatever CSS caused it.
 */
import type { Page } from 'playwright-core';

/** Words (of 3+ letters) in tables, badges, headings and the nav that the browser split over two lines. */
export function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const roots = document.querySelectorAll('table, [role="grid"], .fui-Badge, nav, h2, h3, dl');
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // Text the user cannot see (a closed <details>, hidden content) is not measured.
        if (!node.parentElement?.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) continue;
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/[A-Za-z]{3,}/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  });
}

/** Table cells whose content is wider than the cell (it would run over the next column). */
export function overflowingCells(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('td, th, [role="gridcell"], [role="columnheader"]')]
      .filter((cell) => cell.checkVisibility() && cell.scrollWidth > cell.clientWidth + 1)
      .map((cell) => (cell.textContent ?? '').slice(0, 60)),
  );
}

/** Badges whose text is wider than the badge itself. */
export function overflowingBadges(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.fui-Badge')].filter((b) => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1).map((b) => b.textContent ?? ''),
  );
}

/** Where each navigation label's text starts (px from the left): one value when they are aligned. */
export function navTextStarts(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('#console-nav a')].map((a) => {
      const range = document.createRange();
      range.selectNodeContents(a);
      return Math.round(range.getBoundingClientRect().left);
    }),
  );
}

/** Elements wider than the viewport would make the page scroll sideways. */
export function pageOverflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
