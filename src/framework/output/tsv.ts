/**
 * `--output tsv`: knack's _TsvOutput. One line per item of a list result (a non-list result is one
 * line); an object's values are written in sorted key order, or in their own order when the object
 * is an OrderedDict (a multiselect hash built by --query, see markOrdered).
 */

import {definedKeys, isOrdered, isPlainObject, pyStr, sortedKeys} from '../python/index.js'

/** One field: a list shows its length, an object an empty field (so columns stay aligned). */
function field(value: unknown): string {
  if (Array.isArray(value)) return String(value.length)
  if (isPlainObject(value)) return ''
  return pyStr(value)
}

function row(item: unknown): string {
  if (Array.isArray(item)) return item.map(field).join('\t')
  if (isPlainObject(item)) {
    const keys = isOrdered(item) ? definedKeys(item) : sortedKeys(item)
    return keys.map((key) => field(item[key])).join('\t')
  }
  // A bare boolean row is lower-cased; a boolean inside a row is not (True / False).
  if (typeof item === 'boolean') return String(item)
  return field(item)
}

/** az's `--output tsv` text for a result. */
export function renderTsv(value: unknown): string {
  const items = Array.isArray(value) ? value : [value]
  return items.map((item) => `${row(item)}\n`).join('')
}
