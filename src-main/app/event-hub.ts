/**
 * Pushes from the core to every connected console (IPC window, SSE clients): a tiny typed
 * publish/subscribe. A listener that throws is dropped from that emit, never breaking the core.
 */
import type { ApiEvent } from '../../src-shared/api.js';

export type EventHub = {
  emit(event: ApiEvent): void;
  subscribe(listener: (event: ApiEvent) => void): () => void;
};

export function createEventHub(): EventHub {
  const listeners = new Set<(event: ApiEvent) => void>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          listeners.delete(listener);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
