/**
 * The screen's width class, right on the first render.
 *
 * antd's `Grid.useBreakpoint()` answers `{}` on the first render and then forces a second one
 * from a layout effect, even when nothing changed: under the app's layout that re-rendered the
 * whole page synchronously inside the first commit (about 140 ms of one task at 1× CPU on the
 * ledger, four times that on a phone). This reads the same media queries (antd's breakpoints)
 * through `useSyncExternalStore`: the first render is already right, and a component renders
 * again only when its answer changes.
 */
import { useSyncExternalStore } from 'react';

/** antd's breakpoints (theme tokens screenMD, screenLG, screenXL). */
const MIN_WIDTH = { md: 768, lg: 992, xl: 1200 } as const;
export type Screen = keyof typeof MIN_WIDTH;

const queries = new Map<Screen, MediaQueryList>();
function query(screen: Screen): MediaQueryList {
  let q = queries.get(screen);
  if (!q) {
    q = window.matchMedia(`(min-width: ${MIN_WIDTH[screen]}px)`);
    queries.set(screen, q);
  }
  return q;
}

/** Whether the window is at least `screen` wide (antd's `screens[screen]`), kept up to date. */
export function useScreen(screen: Screen): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const q = query(screen);
      q.addEventListener('change', onChange);
      return () => q.removeEventListener('change', onChange);
    },
    () => query(screen).matches,
  );
}

/** Narrower than antd's md (768 px): a phone's layout. */
export function usePhone(): boolean {
  return !useScreen('md');
}

/** The same, read once outside React (which chunks a page will need). */
export function isPhone(): boolean {
  return !query('md').matches;
}
