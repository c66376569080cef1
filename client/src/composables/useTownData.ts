import { onScopeDispose, shallowRef } from 'vue';
import type { NetworkGeoJson, TownInfo } from '../../../contracts/api.js';
import { api } from '../lib/api.js';

/** Loads /town and (optionally) /network, retrying every few seconds while the server is not up yet. */
export function useTownData(withNetwork: boolean) {
  const town = shallowRef<TownInfo>();
  const network = shallowRef<NetworkGeoJson>();
  const error = shallowRef<string>();
  const ctrl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const load = async (): Promise<void> => {
    try {
      town.value ??= await api.town(ctrl.signal);
      if (withNetwork) network.value ??= await api.network(ctrl.signal);
      error.value = undefined;
    } catch (e) {
      if (ctrl.signal.aborted) return;
      error.value = e instanceof Error ? e.message : String(e);
      timer = setTimeout(() => void load(), 3000);
    }
  };
  void load();

  onScopeDispose(() => {
    ctrl.abort();
    if (timer) clearTimeout(timer);
  });
  return { town, network, error };
}
