/**
 * The accounts a deployment starts with. Production: the first administrator comes from
 * ADMIN_PASSWORD, or an administrator already exists; nothing else is made and no password is
 * built in. Outside production (the demo): an administrator, a dispatcher, a manager and one
 * driver per vehicle, with a password printed at start.
 */
import { randomBytes } from 'node:crypto';
import type { AccountRequest } from '../../contracts/auth.js';
import { ConfigError, type Config } from '../config.js';
import type { AccountDirectory } from './accounts.js';
import { generatePassword, hashPassword } from './passwords.js';

export interface DemoSignIn {
  /** the demo accounts' password (ADMIN_PASSWORD, when set, is the administrator's instead) */
  password: string;
  staff: string[];
  /** a driver signs in with their vehicle id in lower case */
  drivers: string[];
}

/** AUTH_SECRET, or in the demo a random one for this process (tokens then end with it). */
export function authSecret(config: Config): string {
  if (config.authSecret) return config.authSecret;
  if (config.production) throw new ConfigError('Invalid configuration:\n  AUTH_SECRET is required in production (NODE_ENV=production): 32+ random characters, the same on every process');
  return randomBytes(32).toString('base64url');
}

/** The username of the demo driver of a vehicle. */
export const driverUsername = (vehicleId: string) => vehicleId.toLowerCase();

export async function bootstrapAccounts(directory: AccountDirectory, config: Config, vehicles: readonly { id: string; name: string }[]): Promise<DemoSignIn | undefined> {
  await directory.load(true);
  if (config.adminPassword && !directory.hasRole('admin')) {
    // no enabled administrator: "admin" is made, or (demoted, disabled) made administrator again
    if (directory.list().some((a) => a.username === 'admin')) await directory.update('admin', { role: 'admin', disabled: false, password: config.adminPassword });
    else await directory.create({ username: 'admin', role: 'admin', password: config.adminPassword } satisfies AccountRequest);
  }
  if (config.production) {
    if (!directory.hasRole('admin')) throw new ConfigError('Invalid configuration:\n  no administrator account exists: set ADMIN_PASSWORD (10+ characters) for the first one, "admin"');
    return undefined;
  }
  const password = config.demoPassword ?? generatePassword();
  const hash = await hashPassword(password);
  const staff: Omit<AccountRequest, 'password'>[] = [
    { username: 'dispatcher', role: 'dispatcher' },
    { username: 'manager', role: 'manager' },
  ];
  if (!config.adminPassword) staff.unshift({ username: 'admin', role: 'admin' });
  const drivers = vehicles.map((v) => ({ username: driverUsername(v.id), role: 'driver' as const, vehicleId: v.id, displayName: v.name }));
  // a demo restarted on a kept database gets this start's password too, so what is printed works
  await directory.resetDemo([...staff, ...drivers], hash);
  return { password, staff: staff.map((s) => s.username), drivers: drivers.map((d) => d.username) };
}
