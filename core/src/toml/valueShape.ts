// Whether a TOML value has the shape a setting takes, and that shape in words for the message: one reading for the
// settings of `[tool.uv]` and of `[tool.pixi]`, whose tools both refuse a value of the wrong type.
import type { TomlView } from './tree';

export type ValueShape =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'string-array'
  | 'table'
  | 'table-array'
  | 'array'
  | 'string-or-table'
  | 'string-or-false'
  | 'boolean-or-string-array';

const isString = (v: TomlView) => v.kind === 'scalar' && v.node.kind === 'string';
const isBoolean = (v: TomlView) => v.kind === 'scalar' && v.node.kind === 'boolean';
const isStringArray = (v: TomlView) => v.kind === 'array' && !v.ofTables && v.items.every(isString);

const SHAPES: Record<ValueShape, { fits(v: TomlView): boolean; words(label: string): string }> = {
  string: { fits: isString, words: () => 'a string' },
  boolean: { fits: isBoolean, words: () => '`true` or `false`' },
  integer: { fits: (v) => v.kind === 'scalar' && v.node.kind === 'integer', words: () => 'an integer' },
  'string-array': { fits: isStringArray, words: () => 'an array of strings' },
  table: { fits: (v) => v.kind === 'table', words: () => 'a table' },
  'table-array': {
    fits: (v) => v.kind === 'array' && v.items.every((i) => i.kind === 'table'),
    words: (label) => `an array of tables (\`[[${label}]]\`)`,
  },
  array: { fits: (v) => v.kind === 'array', words: () => 'an array' },
  'string-or-table': { fits: (v) => isString(v) || v.kind === 'table', words: () => 'a string or a table' },
  'string-or-false': {
    fits: (v) => isString(v) || (v.kind === 'scalar' && v.node.kind === 'boolean' && v.node.value === false),
    words: () => 'a string or `false`',
  },
  'boolean-or-string-array': { fits: (v) => isBoolean(v) || isStringArray(v), words: () => '`true`, `false` or an array of strings' },
};

/** Whether `v` has the shape. */
export function fitsShape(shape: ValueShape, v: TomlView): boolean {
  return SHAPES[shape].fits(v);
}

/** The shape in words, completing "`label` must be …". */
export function shapeInWords(shape: ValueShape, label: string): string {
  return SHAPES[shape].words(label);
}

/** The shape a setting's type names, when it is one of these; other types are checked by their own code. */
export function asValueShape(type: string): ValueShape | undefined {
  return Object.hasOwn(SHAPES, type) ? (type as ValueShape) : undefined;
}
