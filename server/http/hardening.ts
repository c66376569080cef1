/**
 * What stands between the open network and the routes: security headers, CORS, body size
 * limits, per-client rate limits on ingestion and the 503 answer when storage is saturated.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { UnavailableError } from '../adapters/resilience/outage-queue.js';

export { UnavailableError };

export function isUnavailable(err: unknown): err is UnavailableError {
  return err instanceof UnavailableError;
}

/** 503 with Retry-After, the answer to any UnavailableError. */
export function sendUnavailable(res: Response, err: UnavailableError): void {
  res.set('Retry-After', String(err.retryAfterS)).status(503).json({ error: err.message });
}

/** CORS_ORIGINS as a list; empty = same origin only. */
export function parseOrigins(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean);
}

/**
 * Security headers. The console needs its own scripts, inline styles (MapLibre sets them), a
 * same-origin map worker and, when a tile server is configured, images and fetches from it.
 */
export function securityHeaders(tileUrl?: string): RequestHandler {
  let tileOrigin: string[] = [];
  try {
    if (tileUrl) tileOrigin = [new URL(tileUrl.replace(/\{[^}]*\}/g, '0')).origin];
  } catch {
    tileOrigin = [];
  }
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:', ...tileOrigin],
        'connect-src': ["'self'", ...tileOrigin],
        'worker-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        // the console is also served over plain HTTP inside bureau networks
        'upgrade-insecure-requests': null,
      },
    },
    // HSTS on a plain-HTTP LAN deployment would lock browsers out; a TLS proxy sets it
    strictTransportSecurity: false,
  });
}

/**
 * CORS with an allow-list. Requests without an Origin header (devices, curl) and same-origin ones
 * pass untouched; a listed origin gets the CORS headers; any other cross-origin preflight gets 403
 * and other cross-origin requests get no CORS headers, so the browser withholds the answer.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (typeof origin !== 'string' || isSameOrigin(origin, req)) return next();
    if (!allowed.has(origin)) {
      if (req.method === 'OPTIONS') return void res.status(403).json({ error: `origin ${origin} is not allowed (CORS_ORIGINS)` });
      return next();
    }
    res.set('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.set({
        'Access-Control-Allow-Methods': 'GET,POST,DELETE,OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type,Authorization',
        'Access-Control-Max-Age': '600',
      });
      return void res.status(204).end();
    }
    next();
  };
}

function isSameOrigin(origin: string, req: Request): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** A token bucket per key: `rate` tokens per second, at most `burst` saved up. */
export interface RateLimiter {
  /** takes one token; returns 0 when allowed, else the seconds until one is available */
  take(key: string): number;
  readonly size: number;
}

export function createRateLimiter(rate: number, burst: number, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  return {
    take(key) {
      if (rate <= 0) return 0;
      const t = now();
      // forget clients idle long enough to have refilled: bounds memory under address churn
      if (t - lastSweep > 60_000 || buckets.size > 100_000) {
        lastSweep = t;
        for (const [k, b] of buckets) if (b.tokens + ((t - b.at) / 1000) * rate >= burst) buckets.delete(k);
      }
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = { tokens: burst, at: t }));
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rate);
      b.at = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return (1 - b.tokens) / rate;
    },
    get size() {
      return buckets.size;
    },
  };
}

/** The address a request (or socket handshake) came from; the rate-limit key. */
export function clientKey(address: string | undefined): string {
  return (address ?? 'unknown').replace(/^::ffff:/, '');
}

/** 429 with Retry-After once a client exceeds its ingestion rate. */
export function rateLimit(limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    const wait = limiter.take(clientKey(req.ip ?? req.socket.remoteAddress));
    if (wait === 0) return next();
    res.set('Retry-After', String(Math.max(1, Math.ceil(wait)))).status(429).json({ error: 'too many ingestion requests from this client; retry later' });
  };
}

/** Whether ingestion can take more; checked before a batch touches any state. */
export interface Backpressure {
  /** undefined = accepting; otherwise why not */
  saturated(): string | undefined;
}

/** 503 with Retry-After while storage is saturated, before the body is even read. */
export function admission(pressure: Backpressure | undefined, retryAfterS: number): RequestHandler {
  return (_req, res, next) => {
    const why = pressure?.saturated();
    if (!why) return next();
    sendUnavailable(res, new UnavailableError(why, retryAfterS));
  };
}

/** Keys that could reach an object's prototype when a parsed body is merged into another object. */
const POISON = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON bodies up to `limit`, objects and arrays only, with prototype-reaching keys dropped. */
export function jsonBody(limit: string, stripPoison = true): RequestHandler {
  return express.json({ limit, strict: true, reviver: stripPoison ? (k, v) => (POISON.has(k) ? undefined : v) : undefined });
}

/** Rejects a body that is neither JSON nor empty on a JSON route, instead of treating it as {}. */
export function requireJson(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (req.method === 'POST' && hasBody && !req.is('application/json')) {
    return void res.status(415).json({ error: 'send the body as application/json' });
  }
  next();
}
