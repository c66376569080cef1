import type { GeoJSONSource, Map as MlMap, MapLayerMouseEvent } from 'maplibre-gl';
import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { ConsoleStore } from './useConsoleSocket.js';
import { createVehicleDirt, takeVehicleUpdate } from '../lib/vehicle-diff.js';

/** Fixes come at 1 Hz per vehicle; redrawing more often than this only costs the GPU and the worker. */
const MIN_REDRAW_MS = 200;

/**
 * Feeds the `vehicles` source from the store. Position batches arrive up to 10 times a second;
 * they only mark vehicles dirty, and one requestAnimationFrame at most every MIN_REDRAW_MS sends
 * the changed features to the map as a diff (a full rebuild only after a snapshot).
 */
export function useVehicleLayer(
  map: ShallowRef<MlMap | undefined>,
  ready: Ref<boolean>,
  store: ConsoleStore,
  selectedId: Ref<string | undefined>,
  onSelect: (id: string) => void,
) {
  const dirt = createVehicleDirt();
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastDraw = 0;

  const draw = (): void => {
    frame = 0;
    const m = map.value;
    const src = m?.getSource('vehicles') as GeoJSONSource | undefined;
    if (!m || !ready.value || !src) return;
    lastDraw = performance.now();
    const up = takeVehicleUpdate(dirt, store.state.vehicles, store.state.positions, selectedId.value);
    if (up?.kind === 'full') void src.setData(up.data as never);
    else if (up) void src.updateData(up.diff as never);
  };
  const schedule = (): void => {
    if (frame !== 0 || timer !== undefined) return;
    const wait = MIN_REDRAW_MS - (performance.now() - lastDraw);
    if (wait <= 0) {
      frame = requestAnimationFrame(draw);
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      frame = requestAnimationFrame(draw);
    }, wait);
  };

  const offPositions = store.onPositions((fixes) => {
    for (const f of fixes) dirt.moved.add(f.vehicleId);
    schedule();
  });
  const offVehicles = store.onVehicles((list) => {
    for (const v of list) {
      dirt.restyled.add(v.id);
      dirt.moved.add(v.id); // a view can carry a newer `last` fix than the position stream
    }
    schedule();
  });
  const offSnapshot = store.onSnapshot(() => {
    dirt.full = true;
    schedule();
  });
  const stopReady = watch(ready, (r) => {
    if (!r) return;
    dirt.full = true;
    schedule();
  }, { immediate: true });
  // a click must highlight the selection at once, not after the throttle
  const stopSel = watch(selectedId, (next, prev) => {
    if (prev) dirt.restyled.add(prev);
    if (next) dirt.restyled.add(next);
    if (frame !== 0) cancelAnimationFrame(frame);
    frame = requestAnimationFrame(draw);
  });

  const click = (e: MapLayerMouseEvent): void => {
    const id = e.features?.[0]?.properties?.id;
    if (typeof id === 'string') onSelect(id);
  };
  const enter = (): void => {
    if (map.value) map.value.getCanvas().style.cursor = 'pointer';
  };
  const leave = (): void => {
    if (map.value) map.value.getCanvas().style.cursor = '';
  };
  const stopBind = watch(
    ready,
    (r) => {
      const m = map.value;
      if (!r || !m) return;
      m.on('click', 'vehicles', click);
      m.on('mouseenter', 'vehicles', enter);
      m.on('mouseleave', 'vehicles', leave);
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    if (frame) cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
    offPositions();
    offVehicles();
    offSnapshot();
    stopReady();
    stopSel();
    stopBind();
    map.value?.off('click', 'vehicles', click);
    map.value?.off('mouseenter', 'vehicles', enter);
    map.value?.off('mouseleave', 'vehicles', leave);
  });
}
