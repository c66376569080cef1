import { onBeforeUnmount, onMounted, shallowRef, type ShallowRef } from 'vue';
import { getJson } from '../lib/api.js';

/**
 * A report from the API, fetched when the component mounts and again every `everyMs`; a fetch
 * still running when the next starts (or the component goes) is aborted. `error` holds the last
 * failure's message, '' after a success.
 */
export function usePolledJson<T>(path: string, everyMs: number): { data: ShallowRef<T | undefined>; error: ShallowRef<string> } {
  const data = shallowRef<T>();
  const error = shallowRef('');
  let timer: ReturnType<typeof setInterval> | undefined;
  let ctl: AbortController | undefined;

  async function load(): Promise<void> {
    ctl?.abort();
    ctl = new AbortController();
    try {
      data.value = await getJson<T>(path, ctl.signal);
      error.value = '';
    } catch (err) {
      if ((err as Error).name !== 'AbortError') error.value = (err as Error).message;
    }
  }
  onMounted(() => {
    void load();
    timer = setInterval(() => void load(), everyMs);
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
    ctl?.abort();
  });
  return { data, error };
}
