import type { Map as MlMap, PaddingOptions } from 'maplibre-gl';
import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { Assignment } from '../../../contracts/domain.js';
import { toDisplay } from '../lib/display-crs.js';
import { boundsOf, routeLine, stopPoints, type LonLat } from '../lib/geo.js';
import { markMine, setSourceData } from '../lib/map-layers.js';

/**
 * Draws one assignment: its route line in the `route` source and its numbered stops in `stops`.
 * When `fitOn` changes (a new vehicle was selected) the camera frames the route.
 */
export function useRouteOverlay(
  map: ShallowRef<MlMap | undefined>,
  ready: Ref<boolean>,
  assignment: Ref<Assignment | undefined>,
  fitOn: Ref<unknown>,
  opts: { padding?: number | PaddingOptions } = {},
) {
  let mine: readonly number[] = [];
  const draw = (): void => {
    const m = map.value;
    if (!m || !ready.value) return;
    const a = assignment.value;
    setSourceData(m, 'route', routeLine(a));
    setSourceData(m, 'stops', stopPoints(a));
    mine = markMine(m, mine, a?.segmentIds ?? []);
  };

  const fit = (): void => {
    const m = map.value;
    const a = assignment.value;
    if (!m || !ready.value || !a) return;
    const line = routeLine(a).features[0]?.geometry.coordinates ?? [];
    const b = boundsOf(line.length ? line : a.stops.map((s) => toDisplay([s.lon, s.lat] as LonLat)));
    if (b) m.fitBounds(b, { padding: opts.padding ?? 80, maxZoom: 16, duration: 600 });
  };

  const stopDraw = watch([ready, assignment], draw, { immediate: true });
  const stopFit = watch([fitOn, ready], fit);

  onBeforeUnmount(() => {
    stopDraw();
    stopFit();
  });
  return { fit, redraw: draw };
}
