/**
 * The interface language this browser chose: a module of its own, so start-up (main.tsx) and the
 * API client read it without loading the dictionary.
 */
import type { Lang } from '../../core/messages.js';

export const LANG_STORAGE_KEY = 'investtrack.lang';

export function currentLang(): Lang {
  return localStorage.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'zh';
}
