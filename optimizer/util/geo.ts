/** Great-circle helpers on WGS-84 coordinates (spherical Earth, good to ~0.5% at city scale). */
const R = 6371008.8;
const RAD = Math.PI / 180;

/** Distance in metres between two [lat, lon] points. */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Metres per degree of latitude / longitude around a latitude, for local planar approximations. */
export function metresPerDegree(lat: number): { mLat: number; mLon: number } {
  return { mLat: R * RAD, mLon: R * RAD * Math.cos(lat * RAD) };
}

/** Initial bearing in degrees clockwise from north. */
export function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const y = Math.sin((lon2 - lon1) * RAD) * Math.cos(lat2 * RAD);
  const x =
    Math.cos(lat1 * RAD) * Math.sin(lat2 * RAD) - Math.sin(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.cos((lon2 - lon1) * RAD);
  return ((Math.atan2(y, x) / RAD) + 360) % 360;
}
