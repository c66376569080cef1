import type { Router } from 'express';
import type { RunningServer } from '../../server/app.js';
import { createApp } from '../../server/http/routes.js';

export interface Endpoint {
  method: string;
  path: string;
}

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

/**
 * Every route of the app, found by walking the Express app (so routes added later are found
 * too): absolute ones, the API router's under /api/v1, the OsmAnd router at /osmand.
 */
export function appEndpoints(srv: RunningServer): Endpoint[] {
  const app = createApp({ world: srv.world, dispatcher: srv.dispatcher, ingest: srv.ingest, kpis: () => ({}), devices: srv.devices, directory: srv.directory });
  const out: Endpoint[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const l of stack) {
      if (l.route && typeof l.route.path === 'string') {
        for (const m of Object.keys(l.route.methods)) out.push({ method: m === '_all' ? 'POST' : m.toUpperCase(), path: prefix + (l.route.path === '/' ? '' : l.route.path) });
        if (l.route.methods._all) out.push({ method: 'GET', path: prefix });
      } else if (l.handle?.stack) {
        const isOsmand = l.handle === (srv.devices.osmandRouter as unknown);
        const isApi = l.handle.stack.some((x) => x.route?.path === '/health');
        walk(l.handle.stack, isOsmand ? '/osmand' : isApi ? '/api/v1' : prefix);
      }
    }
  };
  walk((app as unknown as { router: Router }).router.stack as unknown as Layer[], '');
  // the console's static files and SPA fallback are not an API
  const seen = new Set<string>();
  return out.filter((e) => (e.path.startsWith('/api/v1') || e.path.startsWith('/osmand')) && !seen.has(`${e.method} ${e.path}`) && seen.add(`${e.method} ${e.path}`));
}
