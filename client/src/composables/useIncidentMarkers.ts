import { Marker, type Map as MlMap } from 'maplibre-gl';
import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { Incident } from '../../../contracts/domain.js';
import { INCIDENT_COLORS } from '../lib/colors.js';
import { formatCountdown } from '../lib/format.js';
import { toDisplay } from '../lib/display-crs.js';
import { isAwaitingUnit, isOpenIncident } from '../lib/geo.js';

interface Entry {
  marker: Marker;
  el: HTMLElement;
  label: HTMLElement;
  clock: HTMLElement;
  deadline: number;
  /** a unit is on scene: the countdown no longer applies */
  reached: boolean;
}

/**
 * One HTML marker per open incident with a live countdown to its deadline (red once late).
 * Markers are reused across updates so a 1 s tick only rewrites a text node per incident.
 */
export function useIncidentMarkers(
  map: ShallowRef<MlMap | undefined>,
  ready: Ref<boolean>,
  incidents: Ref<ReadonlyMap<string, Incident>>,
  now: Ref<number>,
  shortLabel: (i: Incident) => string,
  onClick: (i: Incident) => void,
) {
  const entries = new Map<string, Entry>();

  const tick = (): void => {
    for (const e of entries.values()) {
      e.clock.textContent = e.reached ? '✓' : formatCountdown(e.deadline, now.value);
      e.el.classList.toggle('late', !e.reached && e.deadline < now.value);
    }
  };

  const sync = (): void => {
    const m = map.value;
    if (!m || !ready.value) return;
    const seen = new Set<string>();
    for (const inc of incidents.value.values()) {
      if (!isOpenIncident(inc)) continue;
      seen.add(inc.id);
      let e = entries.get(inc.id);
      if (!e) {
        const el = document.createElement('div');
        el.className = 'incident-marker';
        el.style.setProperty('--inc-color', INCIDENT_COLORS[inc.type] ?? '#f97316');
        const label = document.createElement('span');
        label.className = 'label';
        const clock = document.createElement('span');
        clock.className = 'clock';
        el.append(label, clock);
        el.addEventListener('click', (ev) => {
          ev.stopPropagation();
          const cur = incidents.value.get(inc.id);
          if (cur) onClick(cur);
        });
        const marker = new Marker({ element: el, anchor: 'bottom' }).setLngLat(toDisplay([inc.lon, inc.lat])).addTo(m);
        e = { marker, el, label, clock, deadline: inc.deadline, reached: false };
        entries.set(inc.id, e);
      }
      e.deadline = inc.deadline;
      e.reached = !isAwaitingUnit(inc);
      e.label.textContent = shortLabel(inc);
      e.el.dataset.status = inc.status;
      e.el.title = `${inc.id}${inc.plate ? ' · ' + inc.plate : ''}`;
    }
    for (const [id, e] of entries) {
      if (seen.has(id)) continue;
      e.marker.remove();
      entries.delete(id);
    }
    tick();
  };

  const stopSync = watch([ready, incidents], sync, { immediate: true });
  const stopTick = watch(now, tick);

  onBeforeUnmount(() => {
    stopSync();
    stopTick();
    for (const e of entries.values()) e.marker.remove();
    entries.clear();
  });
  /** re-run after the language changes so the labels follow it */
  return { refresh: sync };
}
