/**
 * The Python str operations az's formatters lean on, where JavaScript's own differ: Python counts
 * and compares code points (not UTF-16 units), its whitespace and line breaks are other sets, and
 * str()/repr() of containers have their own text.
 */

import {PyFloat, compareCodePoints, isOrdered, pythonNumberStr, pythonStrRepr} from '../pyvalue.js'

/** Line boundaries of Python's str.splitlines(); `\r\n` counts as one. */
const LINE_BREAK = /\r\n|[\n\u000b\u000c\r\u001c\u001d\u001e\u0085\u2028\u2029]/g
/** True when str.splitlines() would split the text. */
export const HAS_LINE_BREAK = /[\n\u000b\u000c\r\u001c\u001d\u001e\u0085\u2028\u2029]/

/** Python's str.splitlines(keepends). */
export function pySplitlines(text: string, keepends = false): string[] {
  if (!HAS_LINE_BREAK.test(text)) return text === '' ? [] : [text]
  const lines: string[] = []
  let start = 0
  for (const match of text.matchAll(LINE_BREAK)) {
    const end = match.index + match[0].length
    lines.push(text.slice(start, keepends ? end : match.index))
    start = end
  }
  if (start < text.length) lines.push(text.slice(start))
  return lines
}

/** Python's len() of a str: code points, so an emoji counts once. */
export function pyLen(text: string): number {
  let length = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    length++
  }
  return length
}

/** Keys of a result object in Python's sorted() order. */
export function sortedKeys(value: Record<string, unknown>): string[] {
  return definedKeys(value).sort(compareCodePoints)
}

/**
 * The keys az would see: a property holding `undefined` never reaches Python (JSON drops it), so
 * results from JavaScript code can carry optional fields without changing the output.
 */
export function definedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined)
}

/** Python's str() of a JSON value as az holds it (None, True, 0.5, [1, 'a'], {'k': None}...). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value)
}

/** Python's repr() of a JSON value; objects marked ordered are OrderedDicts, as jmespath builds them. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (typeof value === 'string') return pythonStrRepr(value)
  if (typeof value === 'number' || value instanceof PyFloat) return pythonNumberStr(value)
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    const keys = definedKeys(record)
    if (isOrdered(record)) {
      if (keys.length === 0) return 'OrderedDict()'
      return `OrderedDict([${keys.map((key) => `(${pyRepr(key)}, ${pyRepr(record[key])})`).join(', ')}])`
    }
    return `{${keys.map((key) => `${pyRepr(key)}: ${pyRepr(record[key])}`).join(', ')}}`
  }
  throw new TypeError(`not a JSON value: ${String(value)}`)
}
