// Values read from JSON or handed in by a caller: is this an object with named fields (not null, not an array)?

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
