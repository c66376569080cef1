import 'maplibre-gl/dist/maplibre-gl.css';
import { AttributionControl, Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import type { TownInfo } from '../../../contracts/api.js';
import { setDisplayCrs } from '../lib/display-crs.js';
import { bboxBounds } from '../lib/geo.js';
import { baseStyle } from '../lib/map-style.js';

// Vite serves the worker as its own asset; maplibre would otherwise look for it next to a bundled chunk.
setWorkerUrl(workerUrl);

export interface UseMapOptions {
  /** add zoom buttons and a scale bar (console) or keep the map bare (driver phone) */
  controls?: boolean;
  padding?: number;
}

/**
 * Creates a maplibre map in `container` once the town is known (its bbox, tile URL and attribution
 * shape the style), and removes it with the component. `ready` turns true after the style loads.
 */
export function useMap(container: Ref<HTMLElement | null>, town: Ref<TownInfo | undefined>, opts: UseMapOptions = {}) {
  const map = shallowRef<MlMap>();
  const ready = ref(false);

  const stop = watch(
    [container, town],
    ([el, t]) => {
      if (!el || !t || map.value) return;
      setDisplayCrs(t);
      const m = new MlMap({
        container: el,
        style: baseStyle(t.tileUrl, t.attribution),
        bounds: bboxBounds(t.bbox),
        fitBoundsOptions: { padding: opts.padding ?? 24 },
        attributionControl: false,
        maxPitch: 0,
        dragRotate: false,
      });
      m.touchZoomRotate.disableRotation();
      m.addControl(new AttributionControl({ compact: false, customAttribution: t.attribution ?? '' }), 'bottom-right');
      if (opts.controls !== false) {
        m.addControl(new NavigationControl({ showCompass: false }), 'top-right');
        m.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
      }
      m.on('load', () => {
        // the container may have had no size yet when the map was built (CSS injected late in dev), so fit again
        m.resize();
        m.fitBounds(bboxBounds(t.bbox), { padding: opts.padding ?? 24, animate: false });
        ready.value = true;
      });
      map.value = m;
      if (import.meta.env.DEV) (window as unknown as { __cfMap?: MlMap }).__cfMap = m;
      stop();
    },
    { immediate: true, flush: 'post' },
  );

  onBeforeUnmount(() => {
    stop();
    map.value?.remove();
    map.value = undefined;
    ready.value = false;
  });

  return { map, ready };
}
