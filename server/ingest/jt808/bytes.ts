/** Small byte helpers shared by the JT/T 808 decoder and encoder (pure, no I/O). */

/** Reads a big-endian field sequence and reports running past the end instead of throwing. */
export class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly end = buf.length) {}

  get left(): number {
    return this.end - this.pos;
  }

  has(n: number): boolean {
    return this.pos + n <= this.end;
  }

  u8(): number {
    return this.buf[this.pos++];
  }

  u16(): number {
    const v = (this.buf[this.pos] << 8) | this.buf[this.pos + 1];
    this.pos += 2;
    return v;
  }

  u32(): number {
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    // multiply instead of << 24 so the result stays unsigned
    return b[p] * 0x1000000 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
  }

  bytes(n: number): Uint8Array {
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Packed BCD digits as a string; undefined when a nibble is not a decimal digit. */
export function bcdToString(b: Uint8Array): string | undefined {
  let s = '';
  for (const x of b) {
    const hi = x >> 4;
    const lo = x & 0x0f;
    if (hi > 9 || lo > 9) return undefined;
    s += String(hi) + String(lo);
  }
  return s;
}

/** Digits as packed BCD, left-padded with zeros to `len` bytes (extra leading digits are cut). */
export function stringToBcd(digits: string, len: number): Uint8Array {
  const d = digits.replace(/\D/g, '').padStart(len * 2, '0').slice(-len * 2);
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = (Number(d[2 * i]) << 4) | Number(d[2 * i + 1]);
  return out;
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Hex (spaces and 0x allowed) to bytes; undefined when not hex. */
export function fromHex(hex: string): Uint8Array | undefined {
  const h = hex.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) return undefined;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const latin1 = new TextDecoder('latin1');
// a Node built without full ICU has no GBK decoder: plates then come out as Latin-1 rather than failing to load
const gbk = (() => {
  try {
    return new TextDecoder('gbk');
  } catch {
    return latin1;
  }
})();

/** A fixed-width text field: trailing NUL and space padding removed; GBK (plates carry Chinese characters). */
export function text(b: Uint8Array): string {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0 || b[end - 1] === 0x20)) end--;
  let start = 0;
  while (start < end && b[start] === 0) start++;
  const slice = b.subarray(start, end);
  try {
    return gbk.decode(slice);
  } catch {
    return latin1.decode(slice);
  }
}
