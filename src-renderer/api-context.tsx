import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { ApiClient, ApiEvent } from '../src-shared/api.js';
import type { EventSubscriber } from './transport/select-transport.js';
import type { Downloader } from './transport/download.js';

type ApiContextValue = { client: ApiClient; onEvent: EventSubscriber; download: Downloader };

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider(props: { client: ApiClient; onEvent: EventSubscriber; download?: Downloader; children: ReactNode }) {
  const value = { client: props.client, onEvent: props.onEvent, download: props.download ?? (async () => null) };
  return <ApiContext.Provider value={value}>{props.children}</ApiContext.Provider>;
}

function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside ApiProvider');
  return value;
}

export function useApi(): ApiClient {
  return useApiContext().client;
}

/** Brings an export's location to the user (a browser download, or nothing when the shell saved it). */
export function useDownload(): Downloader {
  return useApiContext().download;
}

/** Calls `handler` for each core event of `type` while the component is mounted. */
export function useApiEvent<T extends ApiEvent['type']>(type: T, handler: (event: Extract<ApiEvent, { type: T }>) => void): void {
  const { onEvent } = useApiContext();
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  useEffect(
    () =>
      onEvent((event) => {
        if (event.type === type) handlerRef.current(event as Extract<ApiEvent, { type: T }>);
      }),
    [onEvent, type],
  );
}
