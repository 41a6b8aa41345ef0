/**
 * A page whose chunk loads on demand (admin/src/pages.ts), as React.lazy but without Suspense:
 * - once its chunk has arrived (main.tsx starts the current page's chunk before React), the page
 *   renders directly;
 * - until then it shows react-admin's loading indicator and re-renders with the page. Suspending
 *   instead would make React hold the revealed page back for up to 300 ms (its Suspense fallback
 *   throttling), and the page's data request with it.
 * A chunk that fails to load is thrown to the layout's error boundary (main.tsx first reloads when
 * the chunk is gone because a new release replaced it).
 */
import { createElement, useEffect, useState, type ComponentType, type ReactElement } from 'react';
import { Loading } from 'react-admin';
import type { PageLoader } from '../pages.ts';

export type LazyPage<P extends object> = ((props: P) => ReactElement) & { displayName?: string };

export function lazyPage<M, P extends object>(loader: PageLoader<M>, pick: (module: M) => ComponentType<P>): LazyPage<P> {
  const Page = (props: P) => {
    const [failure, setFailure] = useState<{ error: unknown } | null>(null);
    const [, setArrived] = useState(false);
    const module = loader.loaded();
    useEffect(() => {
      if (module) return;
      let live = true;
      loader().then(
        () => live && setArrived(true),
        (error: unknown) => live && setFailure({ error }),
      );
      return () => {
        live = false;
      };
    }, [module]);
    if (failure) throw failure.error;
    return module ? createElement(pick(module), props) : createElement(Loading);
  };
  return Page;
}
