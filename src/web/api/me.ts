/**
 * Who is signed in (null: nobody). Start-up (main.tsx) asks before the application's code has
 * loaded, so the answer is on its way meanwhile; the session (session.tsx) takes that answer the
 * first time and asks afresh after that (after signing in or out).
 */
import { ApiError, api } from './client.js';
import type { Me } from './types.js';

async function fetchMe(): Promise<Me | null> {
  try {
    return await api<Me>('GET', '/api/auth/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

let early: Promise<Me | null> | undefined;

/** At start-up: the question goes out at once. */
export function askWhoIsSignedIn() {
  early = fetchMe();
  // Read (and its failure shown) by the session; never an unhandled rejection meanwhile.
  early.catch(() => undefined);
}

/** The early answer the first time, a fresh one after that. */
export function whoIsSignedIn(): Promise<Me | null> {
  const answer = early ?? fetchMe();
  early = undefined;
  return answer;
}
