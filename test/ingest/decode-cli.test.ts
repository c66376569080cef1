/** The decode command: its output shape, and one real run of the script. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeAny } from '../../server/cli/decode-output.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// SmallChi's 0x0200 example (a synthetic vector from the JT/T 808 layout)
const JT808 = '7e0200002611223344556622b8000000010000000200ba7f0e07e4f11c0028003c000018071510101001040000006402020037577e';

describe('decode command', () => {
  it('prints JT/T 808 messages with id, terminal, serial and positions in ISO UTC', () => {
    const out = decodeAny('jt808', JT808, { lenient: true });
    expect(out.ok).toBe(true);
    expect(out.messages[0]).toMatchObject({ id: '0x0200', terminalId: '112233445566', serial: 8888, type: 'location' });
    expect(out.messages[0].positions[0]).toMatchObject({
      lat: 12.222222, lon: 132.444444, time: '2018-07-15T02:10:10.000Z', speedKmh: 6, heading: 0, altitude: 40,
      attributes: { alarm: 'sos', odometerKm: 10, fuelL: 5.5 },
    });
    // the same frame without its 0x7e delimiters, and with the terminal clock set to UTC
    expect(decodeAny('jt808', JT808.slice(2, -2), { lenient: true, tzOffsetMin: 0 }).messages[0].positions[0].time).toBe('2018-07-15T10:10:10.000Z');
  });

  it('reports errors instead of throwing', () => {
    expect(decodeAny('jt808', 'zz', { lenient: true })).toMatchObject({ ok: false, errors: ['input is not hex'] });
    expect(decodeAny('osmand', '{"device_id":', { lenient: true }).ok).toBe(false);
    expect(decodeAny('gt06', '7878', { lenient: true }).ok).toBe(false);
  });

  it('decodes OsmAnd requests and GT06 packets', () => {
    const o = decodeAny('osmand', 'GET /?id=7&lat=22.5&lon=114&timestamp=1773534600&speed=10', { lenient: true });
    expect(o.messages[0]).toMatchObject({ terminalId: '7', positions: [{ lat: 22.5, lon: 114, time: '2026-03-15T00:30:00.000Z', speedKmh: 18.52 }] });
    const g = decodeAny('gt06', '78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a', { lenient: true });
    expect(g.messages[0].positions[0].time).toBe('2015-10-20T14:21:11.000Z');
  });

  it('runs as a script and prints JSON', () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/decode.ts', '--protocol', 'jt808', JT808], { cwd: repo, encoding: 'utf8' });
    expect(JSON.parse(stdout).messages[0].positions[0].lat).toBe(12.222222);
  });
});
