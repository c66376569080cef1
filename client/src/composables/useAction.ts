import { ref, type Ref } from 'vue';

/**
 * A user action that waits on the server: `busy` while it runs (a second start is ignored), its
 * failure kept in `error` to show, worded by `describe`.
 */
export function useAction(describe: (message: string) => string = (m) => m): { busy: Ref<boolean>; error: Ref<string>; run: (action: () => Promise<void>) => Promise<void> } {
  const busy = ref(false);
  const error = ref('');
  async function run(action: () => Promise<void>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    error.value = '';
    try {
      await action();
    } catch (e) {
      error.value = describe(e instanceof Error ? e.message : String(e));
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
