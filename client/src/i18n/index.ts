import { createI18n } from 'vue-i18n';
import { en } from './en.js';
import { zhCN } from './zh-cn.js';

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'cityfleet.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage may be blocked (private mode); the default is fine
  }
  return 'zh-CN';
}

/** The app's i18n instance: zh-CN by default, English as fallback for a missing key. */
export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { 'zh-CN': zhCN, en },
});

/** Switches the UI language and remembers the choice. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // ignore: the choice just won't survive a reload
  }
}

/** Flips between the two languages. */
export function toggleLocale(): void {
  setLocale(i18n.global.locale.value === 'zh-CN' ? 'en' : 'zh-CN');
}
