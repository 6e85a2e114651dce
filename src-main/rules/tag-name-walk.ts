/**
 * A faster walk for html-to-text when every selector is a plain tag name. html-to-text picks each
 * element's definition with a CSS-selector decision tree (selderee), a third of a conversion of a
 * typical Outlook reply (test/bench/profile-pipeline.ts). For tag names only, the pick is a Map
 * lookup with the same answer: the tag's own selector, else `*`.
 *
 * Built from html-to-text's documented extension points (its README, "Override formatting"): a
 * custom formatter gets the element, the walk and the builder; other formatters are called by
 * name from `builder.options.formatters`; the merged general options, selectors included, are
 * `builder.options`. The walk does what html-to-text's own does when no `limits` are set: text
 * nodes go to `builder.addInline`, elements to their format, anything else (comments, and
 * `script`/`style`, which htmlparser2 types apart from other elements) is ignored. With limits or
 * any other kind of selector there is no fast walk and html-to-text's own is used.
 */
import type { DomNode, FormatCallback, FormatOptions, HtmlToTextOptions, RecursiveCallback, SelectorDefinition } from 'html-to-text';

/** What html-to-text keeps in `builder.options` after merging ours with its defaults. */
type MergedOptions = {
  selectors: SelectorDefinition[];
  formatters: Record<string, FormatCallback>;
  limits: { maxDepth?: number; maxChildNodes?: number };
};

const TAG_NAME = /^[a-z][a-z0-9-]*$/;

function tagNameWalk(options: MergedOptions): RecursiveCallback | null {
  if (options.limits.maxDepth !== undefined || options.limits.maxChildNodes !== undefined) return null;
  const byTag = new Map<string, SelectorDefinition>();
  let universal: SelectorDefinition | undefined;
  for (const definition of options.selectors) {
    if (definition.selector === '*') universal = definition;
    else if (TAG_NAME.test(definition.selector)) byTag.set(definition.selector, definition);
    else return null;
  }
  if (universal === undefined) return null;
  const otherwise = universal;
  const formatters = options.formatters;
  const walk: RecursiveCallback = (nodes, builder) => {
    if (!nodes) return;
    for (const node of nodes) {
      if (node.type === 'text') builder.addInline(node.data as string);
      else if (node.type === 'tag') {
        const definition = byTag.get(node.name as string) ?? otherwise;
        (formatters[definition.format as string] as FormatCallback)(node, walk, builder, (definition.options ?? {}) as FormatOptions);
      }
    }
  };
  return walk;
}

/** One walk per compiled converter: html-to-text keeps one merged options object per `compile`. */
const walks = new WeakMap<object, RecursiveCallback | null>();

/**
 * html-to-text's `inline` format (walk the children) with the tag-name walk. Given to the
 * outermost elements, it carries every element below them.
 */
const inlineByTagName: FormatCallback = (elem: DomNode, walk: RecursiveCallback, builder: Parameters<FormatCallback>[2]) => {
  const options = builder.options as unknown as MergedOptions;
  let fast = walks.get(options);
  if (fast === undefined) {
    fast = tagNameWalk(options);
    walks.set(options, fast);
  }
  (fast ?? walk)(elem.children, builder);
};

/**
 * `options` with `html` and `body` formatted inline (as by default) through the tag-name walk.
 * Fragments without them (rare in mail: Exchange wraps HTML bodies) take html-to-text's own walk.
 * The options' own `html` or `body` selectors, if any, come later and win.
 */
export function withTagNameWalk(options: HtmlToTextOptions): HtmlToTextOptions {
  return {
    ...options,
    formatters: { ...options.formatters, inlineByTagName },
    selectors: [{ selector: 'html', format: 'inlineByTagName' }, { selector: 'body', format: 'inlineByTagName' }, ...(options.selectors ?? [])],
  };
}
