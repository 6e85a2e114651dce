/**
 * Assembles the Api implementation from per-domain handler groups. A method defined by two groups
 * is a wiring bug: it is refused at start, not silently overwritten.
 */
import type { ApiHandlers, ApiMethod } from '../../../src-shared/api.js';

export type HandlerGroup = Partial<ApiHandlers>;

export function combineHandlers(...groups: HandlerGroup[]): ApiHandlers {
  const combined: Partial<Record<ApiMethod, unknown>> = {};
  for (const group of groups) {
    for (const [method, handler] of Object.entries(group) as [ApiMethod, unknown][]) {
      if (method in combined) throw new Error(`Api method ${method} is implemented twice`);
      combined[method] = handler;
    }
  }
  return combined as ApiHandlers;
}
