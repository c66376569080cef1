/** The JT/T 808 TCP server over a real socket on port 0: register, authenticate, report, replies. */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PositionsResponse } from '../../contracts/api.js';
import { fromHex } from '../../server/ingest/jt808/bytes.js';
import { decodeJt808Frame, type Jt808Message } from '../../server/ingest/jt808/decode.js';
import { createDeframer } from '../../server/ingest/jt808/frame.js';
import { createJt808Server, type Jt808Server } from '../../server/ingest/jt808/server.js';
import { asciiBody, batchBody, frame808, locationBody, registerBody2013 } from './jt808-builder.js';

const PHONE = '013912345678';
const VEHICLES: Record<string, string> = { [PHONE]: 'SW-01', '13800000002': 'TOW-02' };

class FakeIngest {
  batches: unknown[][] = [];
  fail = false;
  async ingest(inputs: readonly unknown[]): Promise<PositionsResponse> {
    if (this.fail) throw new Error('store down');
    this.batches.push([...inputs]);
    return { accepted: inputs.length, rejected: [] };
  }
}

/** A terminal: writes frames, reads the platform's replies in order. */
class Terminal {
  private replies: Jt808Message[] = [];
  private waiters: ((m: Jt808Message) => void)[] = [];
  private deframer = createDeframer(4096);
  closed: Promise<void>;
  constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const f of this.deframer.push(chunk).frames) {
        if (f.kind !== 'binary') continue;
        const d = decodeJt808Frame(f.bytes, { lenient: false });
        if (!d.ok) throw new Error(`server sent a bad frame: ${d.error}`);
        const w = this.waiters.shift();
        if (w) w(d.message);
        else this.replies.push(d.message);
      }
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
  }
  static open(port: number): Promise<Terminal> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Terminal(s)));
      s.once('error', reject);
    });
  }
  next(ms = 3000): Promise<Jt808Message> {
    const m = this.replies.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no reply')), ms);
      this.waiters.push((x) => {
        clearTimeout(t);
        resolve(x);
      });
    });
  }
  async send(frame: Uint8Array): Promise<Jt808Message> {
    this.socket.write(frame);
    return this.next();
  }
}

/** 0x8100 body: reply serial, result, authentication code */
function registerReply(m: Jt808Message) {
  expect(m.header.msgId).toBe(0x8100);
  if (m.body.type !== 'other') throw new Error('unexpected body');
  const b = fromHex(m.body.bodyHex)!;
  return { replySerial: (b[0] << 8) | b[1], result: b[2], code: new TextDecoder().decode(b.subarray(3)) };
}

function generalReply(m: Jt808Message) {
  expect(m.header.msgId).toBe(0x8001);
  if (m.body.type !== 'platform-reply') throw new Error('unexpected body');
  return m.body;
}

const fix = (lat: number, lon: number, timeGmt8: string) => locationBody({ lat, lon, speedKmh: 18, heading: 90, timeGmt8 });

describe('JT/T 808 TCP server', () => {
  const ingest = new FakeIngest();
  let server: Jt808Server;
  let port: number;

  beforeAll(async () => {
    server = createJt808Server({ ingest, resolveVehicle: (id) => VEHICLES[id], authCode: (id) => `code-${id.slice(-4)}`, idleTimeoutMs: 1500 });
    port = await server.listen(0, '127.0.0.1');
  });
  afterAll(() => server.close());

  it('registers, authenticates, takes a location and a batch, and the fixes reach ingest', async () => {
    const t = await Terminal.open(port);
    const reg = registerReply(await t.send(frame808(0x0100, PHONE, 1, registerBody2013('A12345'))));
    expect(reg).toEqual({ replySerial: 1, result: 0, code: 'code-5678' });
    expect(generalReply(await t.send(frame808(0x0102, PHONE, 2, asciiBody(reg.code))))).toEqual({ type: 'platform-reply', replySerial: 2, replyId: 0x0102, result: 0 });

    const reply = generalReply(await t.send(frame808(0x0200, PHONE, 3, fix(22.6, 114.05, '260315083000'))));
    expect(reply).toMatchObject({ replySerial: 3, replyId: 0x0200, result: 0 });
    expect(ingest.batches.at(-1)).toEqual([{ vehicleId: 'SW-01', lat: 22.6, lon: 114.05, ts: Date.UTC(2026, 2, 15, 0, 30), speedKmh: 18, heading: 90 }]);

    const batch = batchBody([{ lat: 22.61, lon: 114.06, timeGmt8: '260315083010' }, { lat: 22.62, lon: 114.07, timeGmt8: '260315083020' }]);
    expect(generalReply(await t.send(frame808(0x0704, PHONE, 4, batch))).result).toBe(0);
    expect(ingest.batches.at(-1)!.map((f: any) => f.lat)).toEqual([22.61, 22.62]);
    expect(generalReply(await t.send(frame808(0x0002, PHONE, 5, []))).replyId).toBe(0x0002);
    // reply headers carry the terminal's phone and an increasing platform serial
    const hb = await t.send(frame808(0x0002, PHONE, 6, []));
    expect(hb.header.terminalId).toBe(PHONE);
    t.socket.destroy();
  });

  it('answers an unknown terminal with 0x8100 "no such terminal" and no code', async () => {
    const t = await Terminal.open(port);
    expect(registerReply(await t.send(frame808(0x0100, '019900000000', 9, registerBody2013('B99999'))))).toEqual({ replySerial: 9, result: 4, code: '' });
    t.socket.destroy();
  });

  it('refuses a wrong authentication code and locations before authentication', async () => {
    const t = await Terminal.open(port);
    const before = ingest.batches.length;
    expect(generalReply(await t.send(frame808(0x0200, PHONE, 1, fix(22.6, 114.05, '260315090000')))).result).toBe(1);
    expect(generalReply(await t.send(frame808(0x0102, PHONE, 2, asciiBody('guess')))).result).toBe(1);
    expect(generalReply(await t.send(frame808(0x0200, PHONE, 3, fix(22.6, 114.05, '260315090001')))).result).toBe(1);
    expect(ingest.batches.length).toBe(before);
    t.socket.destroy();
  });

  it('reassembles frames written byte by byte, replies failure when storage fails', async () => {
    const t = await Terminal.open(port);
    const id = '13800000002';
    await t.send(frame808(0x0102, id, 1, asciiBody('code-0002')));
    const wire = frame808(0x0200, id, 2, fix(22.7, 114.1, '260315090000'));
    for (const b of wire) t.socket.write(Uint8Array.of(b));
    expect(generalReply(await t.next()).result).toBe(0);
    expect(ingest.batches.at(-1)).toMatchObject([{ vehicleId: 'TOW-02', lat: 22.7 }]);
    ingest.fail = true;
    expect(generalReply(await t.send(frame808(0x0200, id, 3, fix(22.7, 114.1, '260315090010')))).result).toBe(1);
    ingest.fail = false;
    t.socket.destroy();
  });

  it('closes a connection that sends an oversized frame, and idle connections', async () => {
    const t = await Terminal.open(port);
    t.socket.write(Uint8Array.from([0x7e, ...new Array(5000).fill(0x11)]));
    await t.closed;
    const idle = await Terminal.open(port);
    const t0 = Date.now();
    await idle.closed;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    const s = server.stats();
    expect(s.oversizedClosed).toBeGreaterThanOrEqual(1);
    expect(s.idleClosed).toBeGreaterThanOrEqual(1);
    expect(s.authOk).toBeGreaterThanOrEqual(2);
    expect(s.authFailed).toBeGreaterThanOrEqual(1);
    expect(s.registerRejected).toBe(1);
  });
});
