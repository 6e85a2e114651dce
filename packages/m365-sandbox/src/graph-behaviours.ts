/**
 * Behaviours of real tenants that lose mail silently in clients that do not expect them (issue 16;
 * sources in docs/microsoft-graph-realism.md of the product), switched on per test through the
 * handle's `setBehaviours`. Each is what Exchange Online has been seen or documented to do:
 * - `unorderedWithoutOrderBy`: a message delta without `$orderby` comes back in no particular order
 *   (the "delta query for messages" page guarantees none), so a capped first round keeps an
 *   arbitrary 5,000. On by default: only `$orderby=receivedDateTime desc` promises newest first.
 * - `ignoreOrderBy`: `$orderby=receivedDateTime desc` accepted but not honoured (a client must not
 *   take the order on trust: one that checks it can still read a capped window completely).
 * - `rejectDateFilter`: Graph answering 400 ErrorInvalidUrlQuery to a valid `receivedDateTime ge`
 *   filter on message delta (microsoft-graph-docs #18636, msgraph-sdk-dotnet #1512).
 * - `moveBackReportedAsRemoved`: with IdType="ImmutableId", a message moved out of a folder and
 *   back between two rounds is reported as removed, and never again (microsoft-graph-docs-contrib #72).
 * - `moveNotReportedInDestination`: with IdType="ImmutableId", a message moved between folders is
 *   reported as removed from the source and not at all in the destination (the Microsoft Q&A
 *   thread #72 links: "inconsistent Graph API Exchange results between immutable ids").
 * - `fullUpdates`: an update is reported with every selected property, not just the changed ones.
 * - `replayPreviousRound`: a round reports the previous round's changes again (replication replays).
 * - `largePageTimeoutAbove`: message pages asked for with more items than this answer 504 (large
 *   pages with full bodies time out at the gateway, graph doc 3.6); null: never.
 */
export type GraphBehaviours = {
  unorderedWithoutOrderBy: boolean;
  ignoreOrderBy: boolean;
  rejectDateFilter: boolean;
  moveBackReportedAsRemoved: boolean;
  moveNotReportedInDestination: boolean;
  fullUpdates: boolean;
  replayPreviousRound: boolean;
  largePageTimeoutAbove: number | null;
};

export const DEFAULT_BEHAVIOURS: Readonly<GraphBehaviours> = Object.freeze({
  unorderedWithoutOrderBy: true,
  ignoreOrderBy: false,
  rejectDateFilter: false,
  moveBackReportedAsRemoved: false,
  moveNotReportedInDestination: false,
  fullUpdates: false,
  replayPreviousRound: false,
  largePageTimeoutAbove: null,
});
