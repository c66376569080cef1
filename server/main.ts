import { ConfigError } from './config.js';
import { startServer } from './app.js';

/** Entry point: start, print where the console is, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const server = await startServer();
  const { town } = server.world;
  const first = (fleet: string) => town.fleet.find((v) => v.fleet === fleet)?.id;
  console.log(`\nCityfleet is running (${server.world.adapters.kind} adapters, town: ${town.name}).`);
  console.log(`  Dispatch console: ${server.url}/`);
  console.log(`  Driver view:      ${server.url}/driver/${first('kitchen')}   (any vehicle id, e.g. ${first('tow')}, ${first('sweeper')})`);
  const demo = server.demo;
  if (demo) {
    const driver = (id: string | undefined) => id?.toLowerCase();
    console.log(`  Sign in (demo):   ${demo.staff.join(', ')}, or a driver by vehicle id (${driver(first('kitchen'))}, ${driver(first('tow'))}, ...)`);
    console.log(`                    password ${demo.password}${server.world.config.adminPassword ? '  (admin: ADMIN_PASSWORD)' : ''}${server.world.config.demoPassword ? '' : '  (new each start; set DEMO_PASSWORD to keep one)'}`);
  } else {
    console.log(`  Sign in:          with your account (production mode: no demo accounts)`);
  }
  console.log(`  API:              ${server.url}/api/v1/vehicles   (Authorization: Bearer <token from POST /api/v1/auth/signin>)`);
  const p = server.devices.ports;
  console.log(`  Traccar Client:   ${server.url}/osmand${p.osmand !== undefined ? `  and port ${p.osmand}` : ''}`);
  if (p.jt808 !== undefined) console.log(`  JT/T 808 (TCP):   port ${p.jt808}`);
  if (p.gt06 !== undefined) console.log(`  GT06 (TCP):       port ${p.gt06}`);
  console.log('');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
