import type { LatLon } from '../../../contracts/domain.js';

/** What browser tests read through `window.__cityfleet`. */
export interface DebugHandle {
  vehicleCount(): number;
  position(id: string): LatLon | undefined;
  selected(): string | undefined;
  readonly mapReady: boolean;
}

declare global {
  interface Window {
    __cityfleet?: DebugHandle;
  }
}

/** Installs the test handle on window; returns a function that removes it. */
export function installDebugHandle(handle: DebugHandle): () => void {
  window.__cityfleet = handle;
  return () => {
    if (window.__cityfleet === handle) delete window.__cityfleet;
  };
}
