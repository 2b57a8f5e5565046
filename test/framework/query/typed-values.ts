/**
 * The typed JSON form of Python values used by the query fixtures (written by
 * scripts/fixtures/gen-query-corpus.py): ints are JSON numbers, floats are {"$float": repr},
 * objects are {"$dict": [[key, value], ...]} or {"$odict": [...]} in key order, an expression
 * reference is {"$expref": null}. It keeps what a plain JSON comparison would lose: int vs float,
 * key order, and dict vs OrderedDict.
 */
import {PyFloat, isOrdered, markOrdered, pythonFloatRepr} from '../../../src/framework/python/index.js'

export type Typed = null | boolean | number | string | Typed[] | {[tag: string]: unknown}

/** Python's float() of a repr: `nan`, `inf`, `-inf`, or a decimal literal. */
function floatFromRepr(repr: string): number {
  if (repr === 'nan') return Number.NaN
  if (repr === 'inf') return Infinity
  if (repr === '-inf') return -Infinity
  return Number(repr)
}

/** Stands for an expression reference in a decoded expected result (only its typed form is compared). */
export const EXPREF_PLACEHOLDER = Object.freeze({expref: true})

/** Builds the JavaScript value the engine works on: PyFloat for integral floats, ordered objects marked. */
export function decodeTyped(value: Typed): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((item) => decodeTyped(item))
  if ('$float' in value) {
    const number = floatFromRepr(value.$float as string)
    return Number.isInteger(number) ? new PyFloat(number) : number
  }
  if ('$expref' in value) return EXPREF_PLACEHOLDER
  const ordered = '$odict' in value
  const pairs = (ordered ? value.$odict : value.$dict) as [string, Typed][] | undefined
  if (!pairs) throw new Error(`not a typed value: ${JSON.stringify(value)}`)
  const object: Record<string, unknown> = {}
  for (const [key, item] of pairs) {
    Object.defineProperty(object, key, {value: decodeTyped(item), enumerable: true, writable: true, configurable: true})
  }
  return ordered ? markOrdered(object) : object
}

/**
 * The typed form of an engine result. A plain number is a Python int when it is a safe integer
 * (as Python's json would have parsed it) and a float otherwise.
 */
export function encodeTyped(value: unknown, isExpref: (value: unknown) => boolean = () => false): Typed {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value
  if (value instanceof PyFloat) return {$float: pythonFloatRepr(value.value)}
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? (Object.is(value, -0) ? 0 : value) : {$float: pythonFloatRepr(value)}
  }
  if (Array.isArray(value)) return value.map((item) => encodeTyped(item, isExpref))
  if (isExpref(value)) return {$expref: null}
  if (typeof value === 'object') {
    const pairs = Object.entries(value as object).map(([key, item]) => [key, encodeTyped(item, isExpref)])
    return isOrdered(value as object) ? {$odict: pairs} : {$dict: pairs}
  }
  return {$unencodable: typeof value}
}
