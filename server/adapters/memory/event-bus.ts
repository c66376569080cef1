import type { BusTopic, EventBusPort } from '../../ports.js';

/** In-process pub/sub. Handlers run synchronously; a throwing handler is reported and does not stop the others. */
export function createMemoryBus(onError: (err: unknown) => void = () => {}): EventBusPort {
  const handlers = new Map<BusTopic, Set<(payload: unknown) => void>>();
  return {
    publish(topic, payload) {
      for (const h of handlers.get(topic) ?? []) {
        try {
          h(payload);
        } catch (err) {
          onError(err);
        }
      }
    },
    subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (!set) handlers.set(topic, (set = new Set()));
      set.add(handler);
      return () => set.delete(handler);
    },
    async close() {
      handlers.clear();
    },
  };
}
