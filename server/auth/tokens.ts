/**
 * Session tokens: `<payload base64url>.<HMAC-SHA256 base64url>` signed with AUTH_SECRET, so every
 * process of a deployment verifies them without a shared session table. A token names its account
 * and the account's session version; raising that version (password change, sign out everywhere,
 * disabling) ends every token issued before, checked against the account directory on each use.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../contracts/auth.js';

export interface TokenClaims {
  /** username */
  u: string;
  /** role when issued (the directory's current role is what counts) */
  r: Role;
  /** session version when issued */
  sv: number;
  /** the account's creation time: a token of a deleted account never fits one made again under its name */
  c: number;
  /** issued at, epoch ms */
  iat: number;
  /** expires at, epoch ms */
  exp: number;
}

export interface TokenSigner {
  sign(claims: TokenClaims): string;
  /** the claims of a well-formed, correctly signed, unexpired token; otherwise undefined */
  verify(token: string, now: number): TokenClaims | undefined;
}

const MAX_TOKEN = 1024;

export function createTokenSigner(secret: string): TokenSigner {
  const mac = (data: string) => createHmac('sha256', secret).update(data).digest();
  return {
    sign(claims) {
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token, now) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN) return undefined;
      const dot = token.indexOf('.');
      if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined;
      const body = token.slice(0, dot);
      const sig = Buffer.from(token.slice(dot + 1), 'base64url');
      const want = mac(body);
      if (sig.length !== want.length || !timingSafeEqual(sig, want)) return undefined;
      let c: Partial<TokenClaims>;
      try {
        c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenClaims>;
      } catch {
        return undefined;
      }
      if (typeof c?.u !== 'string' || typeof c.r !== 'string' || !Number.isSafeInteger(c.sv) || typeof c.c !== 'number' || typeof c.exp !== 'number' || typeof c.iat !== 'number') return undefined;
      if (!(c.exp > now)) return undefined;
      return c as TokenClaims;
    },
  };
}
