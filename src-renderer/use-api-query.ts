import { useCallback, useEffect, useRef, useState } from 'react';
import { isAppError, type AppErrorShape } from '../src-shared/errors.js';

export type QueryState<T> =
  | { status: 'loading'; data: T | undefined; error: null }
  | { status: 'ok'; data: T; error: null }
  | { status: 'error'; data: T | undefined; error: AppErrorShape };

/** Turns a thrown value into something the UI can show; non-AppErrors stay generic. */
export function toDisplayError(error: unknown): AppErrorShape {
  if (isAppError(error)) return error.toShape();
  return { code: 'internal', message: 'Something went wrong. See the application log.', retryable: false };
}

/** Runs an Api read on mount (and when `key` changes); `reload` runs it again. Late answers are dropped. */
export function useApiQuery<T>(load: () => Promise<T>, key: string): QueryState<T> & { reload: () => void } {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading', data: undefined, error: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((previous) => ({ status: 'loading', data: previous.data, error: null }));
    loadRef.current().then(
      (data) => {
        if (mine === generation.current) setState({ status: 'ok', data, error: null });
      },
      (error: unknown) => {
        if (mine === generation.current) setState((previous) => ({ status: 'error', data: previous.data, error: toDisplayError(error) }));
      },
    );
  }, []);

  useEffect(() => {
    run();
  }, [run, key]);

  return { ...state, reload: run };
}
