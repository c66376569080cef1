/**
 * Decodes device packets and prints JSON, for support and debugging:
 *   npm run --silent decode -- --protocol jt808|gt06 <hex>
 *   npm run --silent decode -- --protocol osmand '<path?query>' | '<JSON body>'
 * Options: --tz <minutes east of UTC> of the terminal clock (default 480 for JT/T 808, 0 for GT06), --strict. "-" reads stdin.
 */
import { readFileSync } from 'node:fs';
import { decodeAny, type Protocol } from './decode-output.js';

function usage(msg?: string): never {
  if (msg) console.error(`decode: ${msg}`);
  console.error('usage: decode --protocol jt808|gt06|osmand [--tz 480] [--strict] <hex | request | ->');
  process.exit(2);
}

function parseArgs(argv: string[]) {
  let protocol: string | undefined;
  let tz: number | undefined;
  let strict = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--protocol' || a === '-p') protocol = argv[++i];
    else if (a.startsWith('--protocol=')) protocol = a.slice(11);
    else if (a === '--tz') tz = Number(argv[++i]);
    else if (a === '--strict') strict = true;
    else if (a === '--help' || a === '-h') usage();
    else rest.push(a);
  }
  if (protocol !== 'jt808' && protocol !== 'gt06' && protocol !== 'osmand') usage('--protocol must be jt808, gt06 or osmand');
  if (tz !== undefined && !Number.isFinite(tz)) usage('--tz must be minutes east of UTC');
  let input = rest.join(' ');
  // piped input is read when no packet is given; a terminal would only wait, so say how to use it
  if (input === '-' || (input === '' && !process.stdin.isTTY)) input = readFileSync(0, 'utf8');
  if (!input.trim()) usage('nothing to decode');
  return { protocol: protocol as Protocol, tz, strict, input: input.trim() };
}

const args = parseArgs(process.argv.slice(2));
const out = decodeAny(args.protocol, args.input, { tzOffsetMin: args.tz, lenient: !args.strict });
console.log(JSON.stringify(out, null, 2));
process.exitCode = out.ok ? 0 : 1;
