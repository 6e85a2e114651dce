/**
 * Server-side sync state of delta streams, as Exchange keeps it (graph doc 3.5): every page served
 * is a new "generation" of its folder stream, and only the last few generations are retained, so
 * replaying an old nextLink (a retried page after the next one was fetched, two workers sharing a
 * stream) fails with 410 SyncStateNotFound and the documented message shape
 * `generation=149;[highest=157][157][155][156].` The cache of streams is bounded, too: when it
 * fills, the least recently used stream is evicted and its tokens fail the same way.
 */

export type GenerationCheck = { ok: true } | { ok: false; message: string };

type Stream = { highest: number; retained: number[] };

export type DeltaStreamOptions = {
  /** Generations kept per stream (Exchange shows about 3). */
  retainedGenerations?: number;
  /** Streams kept before the least recently used is evicted. */
  maxStreams?: number;
};

export class DeltaStreams {
  private readonly streams = new Map<string, Stream>();
  private nextId = 1;
  private readonly retain: number;
  private readonly maxStreams: number;

  constructor(options: DeltaStreamOptions = {}) {
    this.retain = Math.max(1, options.retainedGenerations ?? 3);
    this.maxStreams = Math.max(1, options.maxStreams ?? 20_000);
  }

  /** A new stream (an initial round); its first page mints generation 1. */
  open(): string {
    const id = String(this.nextId++);
    this.streams.set(id, { highest: 0, retained: [] });
    this.evict();
    return id;
  }

  /** Whether a token of `generation` may still be used. */
  check(id: string, generation: number): GenerationCheck {
    const stream = this.streams.get(id);
    if (!stream) return { ok: false, message: `The sync state generation is not found; generation=${generation};[highest=0].` };
    this.touch(id, stream);
    if (stream.retained.includes(generation)) return { ok: true };
    const others = stream.retained.filter((g) => g !== stream.highest).sort((a, b) => a - b);
    const list = [stream.highest, ...others].map((g) => `[${g}]`).join('');
    return { ok: false, message: `The sync state generation is not found; generation=${generation};[highest=${stream.highest}]${list}.` };
  }

  /** Mints the next generation of a stream (the token of the page being served). */
  advance(id: string): number {
    const stream = this.streams.get(id) ?? { highest: 0, retained: [] };
    stream.highest += 1;
    stream.retained = [...stream.retained, stream.highest].slice(-this.retain);
    this.touch(id, stream);
    this.evict();
    return stream.highest;
  }

  private touch(id: string, stream: Stream): void {
    this.streams.delete(id);
    this.streams.set(id, stream);
  }

  private evict(): void {
    while (this.streams.size > this.maxStreams) {
      const oldest = this.streams.keys().next().value;
      if (oldest === undefined) return;
      this.streams.delete(oldest);
    }
  }
}
