/**
 * The texts start-up (main.tsx) may show before the dictionary has loaded: a chunk that failed to
 * arrive. Part of the dictionary too (messages.ts spreads them in).
 */
export const BOOT_MESSAGES = {
  'failure.chunkHint': {
    zh: '系统可能刚刚更新或网络中断。重新加载即可继续。',
    en: 'The system may have just been updated, or the network dropped. Reload to continue.',
  },
  'failure.reload': { zh: '重新加载', en: 'Reload' },
} as const;
