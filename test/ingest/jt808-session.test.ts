/** The JT/T 808 connection handler without a socket: leniency, unfixed reports, options. */
import { describe, expect, it } from 'vitest';
import { decodeJt808Frame, type Jt808Message } from '../../server/ingest/jt808/decode.js';
import { createDeframer } from '../../server/ingest/jt808/frame.js';
import { createJt808Session, emptyStats, type Jt808Options } from '../../server/ingest/jt808/session.js';
import { batchBody, frame808, locationBody, registerBody2013 } from './jt808-builder.js';

const PHONE = '013912345678';

function harness(opts: Partial<Jt808Options> = {}) {
  const fixes: unknown[] = [];
  const replies: Jt808Message[] = [];
  const stats = emptyStats();
  const d = createDeframer(4096);
  const ingest = { ingest: async (xs: readonly unknown[]) => (fixes.push(...xs), { accepted: xs.length, rejected: [] }) };
  const session = createJt808Session(
    { ingest, resolveVehicle: (id) => (id === '13912345678' ? 'SW-01' : undefined), authCode: () => 'ok', requireAuth: false, ...opts },
    stats,
    {
      send: (b) => {
        for (const f of d.push(b).frames) if (f.kind === 'binary') replies.push((decodeJt808Frame(f.bytes) as { message: Jt808Message }).message);
      },
      close: () => {},
    },
  );
  const result = () => replies.map((r) => (r.body.type === 'platform-reply' ? r.body.result : -1));
  return { session, fixes, replies, stats, result };
}

const loc = (timeGmt8: string, status?: number) => locationBody({ lat: 22.6, lon: 114.05, timeGmt8, status });

describe('JT/T 808 session', () => {
  it('resolves the phone without its leading zeros, and does not ingest reports without a GNSS fix', async () => {
    const h = harness();
    h.session.onData(frame808(0x0200, PHONE, 1, loc('260315083000')));
    h.session.onData(frame808(0x0200, PHONE, 2, loc('260315083010', 0)));
    await h.session.idle();
    expect(h.fixes).toHaveLength(1);
    expect(h.result()).toEqual([0, 0]);
    expect(h.stats.unfixed).toBe(1);
  });

  it('counts frames accepted leniently; strict mode answers them "message error" and ingests nothing', async () => {
    const bad = frame808(0x0200, PHONE, 1, loc('260315083000'), { badCheck: true });
    const lenient = harness();
    lenient.session.onData(bad);
    await lenient.session.idle();
    expect(lenient.stats.badChecksum).toBe(1);
    expect(lenient.fixes).toHaveLength(1);
    const strict = harness({ lenient: false });
    strict.session.onData(bad);
    await strict.session.idle();
    expect(strict.fixes).toHaveLength(0);
    expect(strict.result()).toEqual([2]);
    expect(strict.stats.decodeErrors).toBe(1);
  });

  it('reads terminal clocks in another time zone when told to', async () => {
    const h = harness({ tzOffsetMin: 0 });
    h.session.onData(frame808(0x0200, PHONE, 1, loc('260315083000')));
    await h.session.idle();
    expect(h.fixes[0]).toMatchObject({ ts: Date.UTC(2026, 2, 15, 8, 30) });
  });

  it('answers unknown message ids "not supported" and unknown terminals "failure"', async () => {
    const h = harness();
    h.session.onData(frame808(0x0f01, PHONE, 1, [1, 2, 3]));
    h.session.onData(frame808(0x0200, '019999999999', 2, loc('260315083000')));
    await h.session.idle();
    expect(h.result()).toEqual([3, 1]);
    expect(h.stats.unknownTerminal).toBe(1);
  });

  it('answers every 2019-header message with a 2019 header', async () => {
    const h = harness();
    h.session.onData(frame808(0x0002, '13912345678', 5, [], { v2019: true }));
    await h.session.idle();
    expect(h.replies[0].header).toMatchObject({ version2019: true, protocolVersion: 1, terminalId: '00000000013912345678' });
  });

  it('passes "working" from the vendor bit it is told about, and every report to onLocation after ingest', async () => {
    const seen: string[] = [];
    const h = harness({ working: (l) => (l.attributes.ioStatus === undefined ? undefined : (l.attributes.ioStatus as number) === 0), onLocation: (v, l) => seen.push(`${v}:${l.alarms}`) });
    const body = locationBody({ lat: 22.6, lon: 114.05, timeGmt8: '260315083000', alarm: 1, items: [[0x2a, [0, 0]]] });
    h.session.onData(frame808(0x0200, PHONE, 1, body));
    await h.session.idle();
    expect(h.fixes[0]).toMatchObject({ working: true });
    expect(seen).toEqual(['SW-01:sos']);
  });

  it('learns a terminal registering with a known plate, for its later reports', async () => {
    const h = harness({ resolveVehicle: (id) => (id === 'A12345' ? 'K-09' : undefined) });
    h.session.onData(frame808(0x0100, '013800000077', 1, registerBody2013('A12345')));
    h.session.onData(frame808(0x0200, '013800000077', 2, loc('260315083000')));
    await h.session.idle();
    expect(h.replies[0].header.msgId).toBe(0x8100);
    expect((h.replies[0].body as { bodyHex: string }).bodyHex.slice(4, 6)).toBe('00'); // result: success
    expect(h.fixes).toMatchObject([{ vehicleId: 'K-09' }]);
  });

  it('reassembles a batch split over packets and answers the last one with the outcome', async () => {
    const h = harness();
    const body = batchBody([0, 10, 20].map((s) => ({ lat: 22.6, lon: 114.05, timeGmt8: `2603150830${String(s).padStart(2, '0')}` })));
    const cut = [0, 40, 80, body.length];
    // packets arrive out of order: 2, 1, 3
    for (const k of [1, 0, 2]) h.session.onData(frame808(0x0704, PHONE, 10 + k, body.slice(cut[k], cut[k + 1]), { packet: [3, k + 1] }));
    await h.session.idle();
    expect(h.fixes.map((f: any) => f.ts)).toEqual([0, 10, 20].map((s) => Date.UTC(2026, 2, 15, 0, 30, s)));
    expect(h.replies.map((r) => (r.body.type === 'platform-reply' ? [r.body.replySerial, r.body.result] : null))).toEqual([[11, 0], [10, 0], [12, 0]]);
  });
});
