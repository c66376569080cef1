export type Route = { page: 'console' } | { page: 'driver'; vehicleId: string };

/** `/driver/<vehicleId>` is the driver view; every other path is the console. */
export function routeFor(pathname: string): Route {
  const m = /^\/driver\/([^/]+)\/?$/.exec(pathname);
  if (m) {
    try {
      return { page: 'driver', vehicleId: decodeURIComponent(m[1]) };
    } catch {
      // malformed escape: fall through to the console rather than crash
    }
  }
  return { page: 'console' };
}
