import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_SCHEMA } from '../server/config.js';

// No Docker engine here: the production compose file is checked for what the app needs.
describe('docker-compose.yml', () => {
  const doc = parse(readFileSync('docker-compose.yml', 'utf8'));
  const env = doc.services.app.environment as Record<string, string>;

  it('runs MongoDB 7 and Redis 7 with health checks and volumes', () => {
    expect(doc.services.mongo.image).toMatch(/^mongo:7/);
    expect(doc.services.redis.image).toMatch(/^redis:7/);
    expect(doc.services.mongo.healthcheck.test).toBeTruthy();
    expect(doc.services.redis.healthcheck.test).toBeTruthy();
    expect(doc.services.mongo.volumes.some((v: string) => v.endsWith(':/data/db'))).toBe(true);
    expect(Object.keys(doc.volumes)).toEqual(expect.arrayContaining(['mongo-data', 'redis-data']));
  });

  it('runs two app replicas that wait for healthy databases and point at them', () => {
    const app = doc.services.app;
    expect(app.deploy.replicas).toBe(2);
    expect(app.depends_on.mongo.condition).toBe('service_healthy');
    expect(app.depends_on.redis.condition).toBe('service_healthy');
    expect(env.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
    expect(env.MONGO_URL).toMatch(/^mongodb:\/\/mongo:27017\//);
    expect(app.healthcheck.test.join(' ')).toContain('/api/v1/health');
  });

  it('only sets environment variables the configuration schema knows', () => {
    const known = new Set(Object.values(CONFIG_SCHEMA).map((k) => k.env));
    known.add('NODE_ENV');
    for (const name of Object.keys(env)) expect(known, `unknown variable ${name}`).toContain(name);
  });

  it('publishes every device protocol port it turns on, and takes the JT/T 808 secret from outside', () => {
    const ports = (doc.services.app.ports as string[]).map((p) => p.split(':').pop());
    for (const key of ['PORT', 'JT808_PORT', 'GT06_PORT', 'OSMAND_PORT']) {
      expect(env[key], key).toMatch(/^\d+$/);
      expect(ports, `${key} ${env[key]} is published`).toContain(env[key]);
    }
    // no secret in the file: compose refuses to start without it
    expect(env.JT808_AUTH_SECRET).toMatch(/^\$\{JT808_AUTH_SECRET:\?/);
    // production mode, and no built-in password: the secrets must come from the environment
    expect(env.NODE_ENV).toBe('production');
    expect(env.AUTH_SECRET).toMatch(/^\$\{AUTH_SECRET:\?/);
    expect(env.ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD:\?/);
    expect(env.DEMO_PASSWORD).toBeUndefined();
  });
});
