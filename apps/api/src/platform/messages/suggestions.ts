/** Messages of the suggestions part of the suggestions module, in both languages (same keys). */
export const zhCN = {
} as const;

export const en: Record<keyof typeof zhCN, string> = {
};
