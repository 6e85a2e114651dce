/**
 * The knobs for behaviours of Exchange that are legal but awkward for clients (graph doc 3.3-3.4,
 * 8): empty pages that still carry a nextLink, items repeated across pages, the 5,000-item cap on a
 * filtered round. They are decided by a seeded hash of the stream and generation, never by
 * Math.random, so a failing test replays exactly.
 */
import { createHash } from 'node:crypto';

export type GraphFidelity = {
  /** Seed of the quirk decisions. */
  seed: number;
  /** Fraction of delta pages (that are not the last) served empty, with a nextLink. */
  emptyPageRate: number;
  /** Fraction of continuation pages that repeat the previous page's last item first. */
  duplicateRate: number;
  /** Items an initial round with a receivedDateTime filter returns at most (Graph: 5,000). */
  filteredRoundCap: number;
};

export const FILTERED_ROUND_CAP = 5000;

export const DEFAULT_FIDELITY: GraphFidelity = Object.freeze({ seed: 1, emptyPageRate: 0, duplicateRate: 0, filteredRoundCap: FILTERED_ROUND_CAP });

/** A deterministic number in [0, 1) for (seed, key). */
export function quirkRoll(seed: number, key: string): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0) / 4294967296;
}
