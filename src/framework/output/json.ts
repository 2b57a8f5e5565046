/**
 * `--output json`: knack's format_json, which is Python's
 * `json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True, separators=(',', ': ')) + '\n'`.
 */

import {PyFloat, pythonNumberStr, sortedKeys} from '../python/index.js'

/** The characters Python's json escapes when ensure_ascii is off; everything else is written as is. */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\]/g

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

/** A str as Python's json writes it: short escapes where JSON has them, else lower-case \u00XX. */
export function pythonJsonString(text: string): string {
  const escaped = text.replace(
    NEEDS_ESCAPE,
    (ch) => SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  return `"${escaped}"`
}

function numberText(value: number | PyFloat): string {
  const number = value instanceof PyFloat ? value.value : value
  // json.dumps writes float('nan') and the infinities as JavaScript literals (allow_nan=True).
  if (Number.isNaN(number)) return 'NaN'
  if (number === Infinity) return 'Infinity'
  if (number === -Infinity) return '-Infinity'
  return pythonNumberStr(value)
}

function encode(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null'
  if (value === true) return 'true'
  if (value === false) return 'false'
  if (typeof value === 'string') return pythonJsonString(value)
  if (typeof value === 'number' || value instanceof PyFloat) return numberText(value)
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    const items = value.map((item) => inner + encode(item, inner))
    return `[\n${items.join(',\n')}\n${indent}]`
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    const keys = sortedKeys(record)
    if (keys.length === 0) return '{}'
    const items = keys.map((key) => `${inner}${pythonJsonString(key)}: ${encode(record[key], inner)}`)
    return `{\n${items.join(',\n')}\n${indent}}`
  }
  throw new TypeError(`Object of type ${typeof value} is not JSON serializable`)
}

/** az's `--output json` text for a result: sorted keys at every level, 2-space indent, final newline. */
export function renderJson(value: unknown): string {
  return `${encode(value, '')}\n`
}
