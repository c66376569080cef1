import { afterEach, describe, expect, it } from 'vitest';
import { fromDisplay, networkForDisplay, setDisplayCrs, toDisplay } from '../../client/src/lib/display-crs.js';
import { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from '../../client/src/lib/gcj02.js';

/** Metres between two [lon, lat] points, equirectangular (fine at these distances). */
const metres = (a: [number, number], b: [number, number]): number => {
  const k = Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * k, a[1] - b[1]) * 111_320;
};

describe('WGS-84 <-> GCJ-02', () => {
  it('shifts a point in Shenzhen by a few hundred metres, east and south', () => {
    const w: [number, number] = [114.2466, 22.7206]; // Longgang
    const g = wgs84ToGcj02(w);
    const d = metres(w, g);
    expect(d).toBeGreaterThan(300);
    expect(d).toBeLessThan(800);
    expect(g[0]).toBeGreaterThan(w[0]);
    expect(g[1]).toBeLessThan(w[1]);
  });

  it('round-trips to well under a metre', () => {
    for (const w of [[114.2466, 22.7206], [116.3913, 39.9062], [121.4737, 31.2304], [87.6168, 43.8256]] as [number, number][]) {
      expect(metres(gcj02ToWgs84(wgs84ToGcj02(w)), w)).toBeLessThan(0.01);
    }
  });

  it('leaves points outside China alone', () => {
    expect(outOfChina(-0.1276, 51.5072)).toBe(true);
    expect(wgs84ToGcj02([-0.1276, 51.5072])).toEqual([-0.1276, 51.5072]);
    expect(gcj02ToWgs84([139.69, 35.69 + 30])).toEqual([139.69, 65.69]);
  });
});

describe('display datum', () => {
  afterEach(() => setDisplayCrs({}));

  it('draws in WGS-84 unless the base map is declared GCJ-02', () => {
    setDisplayCrs({ tileUrl: 'https://tiles/{z}/{x}/{y}.png' });
    expect(toDisplay([114.2, 22.7])).toEqual([114.2, 22.7]);
    setDisplayCrs({ tileCrs: 'gcj02' }); // no tiles, nothing to align with
    expect(toDisplay([114.2, 22.7])).toEqual([114.2, 22.7]);
  });

  it('shifts what it draws and un-shifts clicks over a GCJ-02 base map', () => {
    setDisplayCrs({ tileUrl: 'https://amap/{z}/{x}/{y}', tileCrs: 'gcj02' });
    const shown = toDisplay([114.2, 22.7]);
    expect(shown).toEqual(wgs84ToGcj02([114.2, 22.7]));
    const back = fromDisplay(shown);
    expect(back[0]).toBeCloseTo(114.2, 7);
    expect(back[1]).toBeCloseTo(22.7, 7);
    const net = networkForDisplay({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: 1, properties: { id: 1, cls: 'local', oneway: false, cell: 0, planned: false }, geometry: { type: 'LineString', coordinates: [[114.2, 22.7], [114.21, 22.7]] } }],
      water: [[[[114.2, 22.7], [114.3, 22.7], [114.3, 22.8], [114.2, 22.7]]]],
    });
    expect(net.features[0].geometry.coordinates[0]).toEqual(shown);
    expect(net.water?.[0][0][0]).toEqual(shown);
  });
});
