import * as codecModule from '@googlemaps/polyline-codec';

type Codec = Pick<typeof codecModule, 'encode' | 'decode'>;

/**
 * Node ESM loads the package's UMD/CommonJS build, which puts everything under `default`; Vite and
 * other bundlers pick its ES build, which has named exports only and no default. A plain default
 * import breaks the browser build ("default is not exported"), named imports break Node, so take
 * whichever shape the namespace has.
 */
function pickCodec(ns: unknown): Codec {
  const m = ns as Partial<Codec> & { default?: Codec };
  if (typeof m.encode === 'function' && typeof m.decode === 'function') return m as Codec;
  if (m.default && typeof m.default.encode === 'function') return m.default;
  throw new Error('@googlemaps/polyline-codec: unexpected module shape');
}

const codec = pickCodec(codecModule);

/** Encode [lat, lon] points as a Google encoded polyline, precision 5 (1e-5 degrees). */
export function encodePolyline(points: readonly (readonly [number, number])[]): string {
  return codec.encode(points as [number, number][], 5);
}

/** Decode a precision-5 Google encoded polyline into [lat, lon] points. */
export function decodePolyline(encoded: string): [number, number][] {
  return codec.decode(encoded, 5);
}
