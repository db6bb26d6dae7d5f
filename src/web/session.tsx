import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { activity, api, setCsrfToken } from './api/client.js';
import { whoIsSignedIn } from './api/me.js';
import type { Me } from './api/types.js';

interface SessionState {
  me: Me | null;
  loading: boolean;
  login(username: string, password: string, otp?: string): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  can(action: string): boolean;
}

const SessionContext = createContext<SessionState | null>(null);
const ME_KEY = ['auth', 'me'];

/** Who is signed in (null: nobody). */
const meQuery = {
  queryKey: ME_KEY,
  queryFn: whoIsSignedIn,
  retry: false,
  staleTime: Number.POSITIVE_INFINITY,
} as const;

/**
 * Reads who is signed in (the question start-up asked) before the first render; `then` runs with
 * the answer (null: nobody).
 */
export function prefetchSession(queryClient: QueryClient, then: (me: Me | null) => void) {
  void queryClient.fetchQuery(meQuery).then(then, () => undefined);
}

/** Nothing one user loaded may be shown to the next one on this browser. */
function forgetOtherQueries(queryClient: QueryClient) {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { data, isLoading } = useQuery(meQuery);

  useEffect(() => setCsrfToken(data?.csrfToken ?? null), [data]);

  useEffect(() => {
    const onUnauthenticated = () => {
      setCsrfToken(null);
      queryClient.setQueryData(ME_KEY, null);
    };
    activity.addEventListener('unauthenticated', onUnauthenticated);
    return () => activity.removeEventListener('unauthenticated', onUnauthenticated);
  }, [queryClient]);

  const login = useCallback(
    async (username: string, password: string, otp?: string) => {
      const me = await api<Me>('POST', '/api/auth/login', { username, password, ...(otp ? { otp } : {}) });
      setCsrfToken(me.csrfToken);
      forgetOtherQueries(queryClient);
      queryClient.setQueryData(ME_KEY, me);
      return me;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    queryClient.setQueryData(ME_KEY, null);
    forgetOtherQueries(queryClient);
  }, [queryClient]);

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: ME_KEY });
  }, [queryClient]);

  const value = useMemo<SessionState>(
    () => ({
      me: data ?? null,
      loading: isLoading,
      login,
      logout,
      refresh,
      can: (action) => data?.abilities[action] === true,
    }),
    [data, isLoading, login, logout, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
