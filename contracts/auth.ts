/**
 * Accounts, roles and sign-in (all under /api/v1). Every API call but /health and /auth/signin
 * carries `Authorization: Bearer <token>`; Socket.IO connections pass `auth: { token }`.
 *
 * POST   /auth/signin          body SignInRequest     -> SignInResponse (401 wrong, 429 too many tries)
 * GET    /auth/me                                     -> SessionUser
 * POST   /auth/signout-all                            -> 204, every token of the caller stops working
 * POST   /auth/password        body PasswordChange    -> 204, and every other token stops working
 * GET    /accounts                                    -> AccountView[]            (admin)
 * POST   /accounts             body AccountRequest    -> 201 AccountView          (admin)
 * PATCH  /accounts/:username   body AccountPatch      -> AccountView              (admin)
 * DELETE /accounts/:username                          -> 204                      (admin)
 * POST   /device-keys          body DeviceKeyRequest  -> 201 DeviceKeyIssued, the key shown once (admin)
 */

/**
 * admin: everything, accounts and device keys; dispatcher: runs the fleet; manager: read-only
 * figures and maps; driver: their own vehicle only; device: posts positions, nothing else.
 */
export const ROLES = ['admin', 'dispatcher', 'manager', 'driver', 'device'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a person signs in with (a device uses a key instead). */
export const PERSON_ROLES = ['admin', 'dispatcher', 'manager', 'driver'] as const satisfies readonly Role[];

export interface SignInRequest {
  username: string;
  password: string;
}

/** Who a token belongs to. */
export interface SessionUser {
  username: string;
  role: Role;
  /** a driver's vehicle */
  vehicleId?: string;
  /** a device key limited to these vehicles (absent: any vehicle, e.g. a fleet gateway) */
  vehicleIds?: string[];
  displayName?: string;
}

export interface SignInResponse {
  token: string;
  /** epoch ms the token stops working */
  expiresAt: number;
  /** the same as a duration from now (a device whose clock is off still knows when) */
  expiresInMs: number;
  user: SessionUser;
}

export interface PasswordChange {
  current: string;
  next: string;
}

export interface AccountView extends SessionUser {
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface AccountRequest {
  username: string;
  role: Exclude<Role, 'device'>;
  password: string;
  vehicleId?: string;
  displayName?: string;
}

export interface AccountPatch {
  role?: Exclude<Role, 'device'>;
  password?: string;
  vehicleId?: string | null;
  displayName?: string;
  disabled?: boolean;
}

export interface DeviceKeyRequest {
  /** a name for the key, e.g. the gateway it is given to */
  name: string;
  /** the vehicles this key may report (a phone: its own); absent = any vehicle (a gateway) */
  vehicleIds?: string[];
}

export interface DeviceKeyIssued {
  username: string;
  /** `Authorization: Bearer <key>`; shown once, only its hash is stored */
  key: string;
  vehicleIds?: string[];
}
