/** Device identifier -> vehicle id, for every device protocol (JT/T 808 phone numbers, OsmAnd ids, GT06 IMEIs). */

/**
 * Parses "device=vehicle" pairs separated by commas, semicolons or new lines
 * (e.g. a DEVICE_MAP setting: "013912345678=SW-01, 353861053849681=TOW-02").
 */
export function parseDeviceMap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of text.split(/[,;\n]/)) {
    const t = pair.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    if (eq <= 0 || eq === t.length - 1) throw new Error(`device map entry "${t}" is not device=vehicle`);
    map.set(t.slice(0, eq).trim(), t.slice(eq + 1).trim());
  }
  return map;
}

/**
 * A resolver for createJt808Server / createOsmandRouter: an explicit device map first, then the
 * device identifier itself when it is a vehicle id (phones configured with the vehicle id).
 */
export function createDeviceResolver(isVehicle: (id: string) => boolean, devices: ReadonlyMap<string, string> = new Map()): (deviceId: string) => string | undefined {
  return (deviceId) => {
    const mapped = devices.get(deviceId);
    if (mapped !== undefined) return isVehicle(mapped) ? mapped : undefined;
    return isVehicle(deviceId) ? deviceId : undefined;
  };
}
