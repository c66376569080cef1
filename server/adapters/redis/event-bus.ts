import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BusTopic, EventBusPort } from '../../ports.js';
import type { RedisAdapterOptions } from './live-state.js';

export interface RedisBusOptions extends RedisAdapterOptions {
  /** called when a handler throws or a message cannot be parsed; the others still run */
  onError?: (err: unknown) => void;
}

/** A Redis bus also tells when its subscriptions are confirmed by the server. */
export interface RedisBus extends EventBusPort {
  /** resolves once every SUBSCRIBE issued so far is active (messages published after it reach us) */
  ready(): Promise<void>;
  /** this process's id, carried in every message it publishes */
  readonly origin: string;
}

/**
 * Pub/sub across processes over Redis channels, with the memory bus's semantics for the
 * publishing process: its own handlers run synchronously inside `publish`, exactly once (the
 * copy coming back from Redis is recognised by its origin id and dropped). Other processes get
 * the payload as parsed JSON, so payloads must be plain data (they are: see contracts/).
 */
export function createRedisBus(pub: Redis, sub: Redis, opts: RedisBusOptions = {}): RedisBus {
  const prefix = opts.prefix ?? 'cf:';
  const onError = opts.onError ?? (() => {});
  const origin = randomUUID();
  const handlers = new Map<BusTopic, Set<(payload: unknown) => void>>();
  const channelOf = (topic: BusTopic) => `${prefix}bus:${topic}`;
  const topicOf = new Map<string, BusTopic>();
  const pending = new Set<Promise<unknown>>();
  let closed = false;

  const deliver = (topic: BusTopic, payload: unknown) => {
    for (const h of handlers.get(topic) ?? []) {
      try {
        h(payload);
      } catch (err) {
        onError(err);
      }
    }
  };
  const track = (p: Promise<unknown>) => {
    const q = p.catch(onError).finally(() => pending.delete(q));
    pending.add(q);
  };

  const onMessage = (channel: string, message: string) => {
    const topic = topicOf.get(channel);
    if (!topic) return;
    let envelope: { o: string; p: unknown };
    try {
      envelope = JSON.parse(message);
    } catch (err) {
      onError(new Error(`unparsable message on ${channel}: ${String(err)}`));
      return;
    }
    if (envelope.o !== origin) deliver(topic, envelope.p);
  };
  sub.on('message', onMessage);

  const ready = async () => {
    while (pending.size) await Promise.all([...pending]);
  };

  return {
    origin,
    publish(topic, payload) {
      if (closed) return;
      deliver(topic, payload);
      // Redis went away: other processes miss this message either way; queueing it offline would
      // only pile up commands (and errors) until the reconnect
      if (pub.status === 'reconnecting') return;
      track(pub.publish(channelOf(topic), JSON.stringify({ o: origin, p: payload })));
    },
    subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (!set) {
        handlers.set(topic, (set = new Set()));
        topicOf.set(channelOf(topic), topic);
        track(sub.subscribe(channelOf(topic)));
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(topic) === set && !closed) {
          handlers.delete(topic);
          topicOf.delete(channelOf(topic));
          track(sub.unsubscribe(channelOf(topic)));
        }
      };
    },
    ready,
    async close() {
      if (closed) return;
      closed = true;
      await ready();
      sub.off('message', onMessage);
      handlers.clear();
      if (opts.ownsClient) await Promise.all([pub.quit(), sub.quit()]);
      else if (topicOf.size) await sub.unsubscribe(...topicOf.keys());
      topicOf.clear();
    },
  };
}
