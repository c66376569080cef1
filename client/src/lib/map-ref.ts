/**
 * A read-only view of a shallowRef holding a Map. Panels take the ref itself rather than the Map:
 * the store mutates Maps in place and calls triggerRef, so a Map passed as a prop would keep the
 * same identity and the child would never re-render.
 */
export interface MapRef<K, V> {
  readonly value: ReadonlyMap<K, V>;
}
