/**
 * What a policy map gives for `key`, a ticket's free-text drop-down value (customer severity, preferred region): its
 * own entries only. Why: the maps are plain objects parsed from JSON, so a bare `map[key]` answers what every object
 * inherits for `toString`, `constructor` or `__proto__`, and the service answered 500 to such a ticket.
 */
export function ownValue<V>(map: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
