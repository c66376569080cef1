import { onScopeDispose, ref, type Ref } from 'vue';

/**
 * A ref holding the current time from `clock` (default: the browser's), refreshed every `intervalMs`;
 * the timer stops with the calling scope.
 */
export function useNow(intervalMs = 1000, clock: () => number = Date.now): Ref<number> {
  const now = ref(clock());
  const timer = setInterval(() => {
    now.value = clock();
  }, intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
