import { useI18n } from 'vue-i18n';
import { reasonText } from '../lib/labels.js';

/**
 * A function turning an Assignment.reason into text in the current language. Results are cached
 * per language: the assignment board asks for the same few reasons on every re-render.
 */
export function useReasonText(): (reason: string) => string {
  const { t, te, locale } = useI18n();
  const cache = new Map<string, string>();
  let cachedFor = '';
  return (reason) => {
    if (cachedFor !== locale.value) {
      cache.clear();
      cachedFor = locale.value;
    }
    let text = cache.get(reason);
    if (text === undefined) {
      text = reasonText(reason, (k) => (te(k) ? t(k) : undefined), locale.value === 'en' ? ', ' : '、');
      cache.set(reason, text);
    }
    return text;
  };
}
