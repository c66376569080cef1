/** The GT06 TCP server over a real socket: login, location to ingest, heartbeat and alarm replies. */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PositionsResponse } from '../../contracts/api.js';
import { toHex } from '../../server/ingest/jt808/bytes.js';
import { crcItu } from '../../server/ingest/gt06/frame.js';
import { createGt06Server, type Gt06Server } from '../../server/ingest/gt06/server.js';

const IMEI = '868120300000042';

/** 7878 <len> <protocol> <content> <serial> <crc> 0d0a, built from the protocol document */
function gt06(protocol: number, content: number[], serial: number): Uint8Array {
  const body = [5 + content.length, protocol, ...content, serial >> 8, serial & 0xff];
  const crc = crcItu(Uint8Array.from(body));
  return Uint8Array.from([0x78, 0x78, ...body, crc >> 8, crc & 0xff, 0x0d, 0x0a]);
}

/** 18-byte GPS block; `south`/`west` clear the north bit / set the west bit */
function gps(lat: number, lon: number, date: number[], speed: number, course: number, valid = true): number[] {
  const u32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const flags = (valid ? 0x1000 : 0) | (lat >= 0 ? 0x0400 : 0) | (lon < 0 ? 0x0800 : 0) | course;
  return [...date, 0xc9, ...u32(Math.round(Math.abs(lat) * 1_800_000)), ...u32(Math.round(Math.abs(lon) * 1_800_000)), speed, flags >> 8, flags & 0xff];
}

const login = (imei: string, serial: number) => gt06(0x01, [...Buffer.from(('0' + imei).match(/../g)!.map((h) => parseInt(h, 16)))], serial);

function client(port: number): Promise<{ s: Socket; data: () => string; closed: Promise<void> }> {
  return new Promise((resolve) => {
    let got = '';
    const s = connect(port, '127.0.0.1', () => resolve({ s, data: () => got, closed }));
    const closed = new Promise<void>((r) => s.on('close', () => r()));
    s.on('data', (c) => (got += toHex(c)));
    s.on('error', () => {});
  });
}

const until = async (f: () => boolean, ms = 3000) => {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('GT06 TCP server', () => {
  const batches: unknown[][] = [];
  const ingest = { ingest: async (xs: readonly unknown[]): Promise<PositionsResponse> => (batches.push([...xs]), { accepted: xs.length, rejected: [] }) };
  let server: Gt06Server;
  let port: number;
  beforeAll(async () => {
    server = createGt06Server({ ingest, resolveVehicle: (id) => (id === IMEI ? 'TOW-05' : undefined) });
    port = await server.listen(0, '127.0.0.1');
  });
  afterAll(() => server.close());

  it('answers login and heartbeat, and sends locations to ingest', async () => {
    const c = await client(port);
    c.s.write(login(IMEI, 1));
    await until(() => c.data().length >= 20);
    expect(c.data()).toBe('787805010001d9dc0d0a');
    c.s.write(gt06(0x12, [...gps(22.6, -114.05, [26, 3, 15, 0, 30, 0], 36, 270), 0x01, 0xcc, 0x00, 0x28, 0x7d, 0x00, 0x1f, 0xb8], 2));
    await until(() => batches.length === 1);
    expect(batches[0]).toEqual([{ vehicleId: 'TOW-05', lat: 22.6, lon: -114.05, ts: Date.UTC(2026, 2, 15, 0, 30), speedKmh: 36, heading: 270 }]);
    c.s.write(gt06(0x13, [0x46, 0x06, 0x04, 0x00, 0x02], 3));
    await until(() => c.data().length >= 40);
    expect(c.data().slice(20, 30)).toBe('7878051300');
    c.s.destroy();
  });

  it('ignores locations before login and disconnects an unknown device', async () => {
    const c = await client(port);
    c.s.write(gt06(0x12, gps(22.6, 114.05, [26, 3, 15, 0, 31, 0], 0, 0), 1));
    c.s.write(login('868120300000099', 2));
    await c.closed;
    expect(c.data()).toBe('');
    expect(server.stats()).toMatchObject({ notLoggedIn: 1, unknownDevice: 1 });
  });
});
