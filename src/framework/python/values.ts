/**
 * Python's view of the JavaScript values az's output and query handle: type names, ==, ordering, str() and repr().
 * Python jmespath leans on all of them (type checks by type name, `in`, sorted(), error messages built with %s) and
 * knack's formatters print str() of values, so both reproduce them here rather than use JavaScript's.
 *
 * Value model: null (or undefined) is None; booleans are bool; strings are str; a plain number is an int when it is
 * a safe integer (Python's json made it one) and a float otherwise; a PyFloat is a float with an integral value
 * (Python prints 2.0, not 2); arrays are lists; objects are dicts, or OrderedDicts when marked by markOrdered
 * (jmespath builds multiselect hashes as OrderedDicts under az, and knack's tsv output keeps their key order while
 * it sorts a plain dict's); a PyExpression is jmespath's _Expression. A property holding `undefined` is absent, as
 * it would be after JSON.
 */
import {PythonError} from './errors.js'
import {PyFloat, pythonFloatRepr} from './numbers.js'
import {compareCodePoints, pythonStrRepr} from './str.js'

/** What Python prints for an _Expression; the address is fixed (Python's varies from run to run). */
export const EXPRESSION_REPR = '<jmespath.visitor._Expression object at 0x7f0000000000>'

/** jmespath's _Expression (what `&expr` evaluates to): an opaque object, whose only text is its repr. */
export abstract class PyExpression {
  /** str() of the Python object, which az's table and tsv output print (its json and yaml fail). */
  toString(): string {
    return EXPRESSION_REPR
  }
}

const orderedObjects = new WeakSet<object>()

/** Marks an object as an OrderedDict: its key order is meaningful and kept by tsv output. */
export function markOrdered<T extends object>(value: T): T {
  orderedObjects.add(value)
  return value
}

/** True when the object was built as an OrderedDict (see markOrdered). */
export function isOrdered(value: object): boolean {
  return orderedObjects.has(value)
}

/** A plain JSON object (not an array, not null, not a PyFloat). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof PyFloat) &&
    !(value instanceof PyExpression)
  )
}

export type PyTypeName = 'NoneType' | 'bool' | 'int' | 'float' | 'str' | 'list' | 'dict' | 'OrderedDict' | '_Expression'

export type PyObject = Record<string, unknown>

/** Python's type(value).__name__; a TypeError for what az could not hold (a function, a symbol, a bigint). */
export function pyTypeName(value: unknown): PyTypeName {
  if (value === null || value === undefined) return 'NoneType'
  switch (typeof value) {
    case 'boolean':
      return 'bool'
    case 'string':
      return 'str'
    case 'number':
      return isPyInt(value) ? 'int' : 'float'
    case 'object':
      break
    default:
      throw new TypeError(`not a JSON value: ${String(value)}`)
  }
  if (value instanceof PyFloat) return 'float'
  if (Array.isArray(value)) return 'list'
  if (value instanceof PyExpression) return '_Expression'
  return isOrdered(value as object) ? 'OrderedDict' : 'dict'
}

export function isNone(value: unknown): value is null | undefined {
  return value === null || value === undefined
}

/** An int as Python holds it: a plain safe-integer number. */
export function isPyInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

/** An int or a float, not a bool (jmespath's _is_actual_number). */
export function isPyNumber(value: unknown): value is number | PyFloat {
  return typeof value === 'number' || value instanceof PyFloat
}

export function isPyDict(value: unknown): value is PyObject {
  return pyTypeName(value) === 'dict' || pyTypeName(value) === 'OrderedDict'
}

/** The numeric value of an int, float or bool (bool is an int subclass in Python). */
export function numericValue(value: number | boolean | PyFloat): number {
  if (typeof value === 'boolean') return value ? 1 : 0
  return value instanceof PyFloat ? value.value : value
}

/** A Python float result: integral values are wrapped so they print as `2.0`. */
export function pyFloat(value: number): number | PyFloat {
  return Number.isInteger(value) ? new PyFloat(value) : value
}

/** A Python int result (JavaScript's -0 is an int 0 in Python). */
export function pyInt(value: number): number {
  return value === 0 ? 0 : value
}

/** Defines an own, enumerable property: safe for keys such as `__proto__`. */
export function setKey(object: PyObject, key: string, value: unknown): void {
  if (Object.hasOwn(object, key) && key !== '__proto__') object[key] = value
  else Object.defineProperty(object, key, {value, enumerable: true, writable: true, configurable: true})
}

/** dict.get(key): an own property or None. */
export function getKey(object: PyObject, key: string): unknown {
  return Object.hasOwn(object, key) ? (object[key] ?? null) : null
}

function isNumberLikeForEquality(value: unknown): value is number | boolean | PyFloat {
  return typeof value === 'number' || typeof value === 'boolean' || value instanceof PyFloat
}

/** Python's `a == b`. Unlike jmespath's top-level _equals, nested True == 1 holds here, as in Python. */
export function pyEquals(left: unknown, right: unknown): boolean {
  if (isNumberLikeForEquality(left) && isNumberLikeForEquality(right)) {
    return numericValue(left) === numericValue(right)
  }
  if (isNone(left) || isNone(right)) return isNone(left) && isNone(right)
  if (typeof left === 'string' || typeof right === 'string') return left === right
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false
    return left.every((item, index) => containerItemEquals(item, right[index]))
  }
  if (left instanceof PyExpression || right instanceof PyExpression) return left === right
  if (!isPyDict(left) || !isPyDict(right)) return false
  const leftKeys = Object.keys(left)
  const rightKeys = Object.keys(right)
  if (leftKeys.length !== rightKeys.length) return false
  // OrderedDict == OrderedDict is order-sensitive; any comparison involving a plain dict is not.
  if (isOrdered(left) && isOrdered(right) && leftKeys.some((key, index) => rightKeys[index] !== key)) return false
  return leftKeys.every((key) => Object.hasOwn(right, key) && containerItemEquals(left[key], right[key]))
}

/**
 * Container comparisons (list ==, `in`) check identity before ==, as PyObject_RichCompareBool does.
 * NaN counts as identical to NaN: Python's json gives the same NaN object for every `NaN` literal
 * (a NaN computed by to_number('nan') would not be, but JavaScript cannot tell them apart).
 */
export function containerItemEquals(left: unknown, right: unknown): boolean {
  return Object.is(left, right) || pyEquals(left, right)
}

export type OrderingOperator = '<' | '<=' | '>' | '>='

/**
 * Python's ordering operators on numbers and strings. Anything else raises Python's TypeError,
 * which jmespath does not catch (for example a string against a number in a filter).
 */
export function pyCompare(operator: OrderingOperator, left: unknown, right: unknown): boolean {
  let order: number
  if (isPyNumber(left) && isPyNumber(right)) {
    const a = numericValue(left)
    const b = numericValue(right)
    if (Number.isNaN(a) || Number.isNaN(b)) return false
    order = a < b ? -1 : a > b ? 1 : 0
  } else if (typeof left === 'string' && typeof right === 'string') {
    order = compareCodePoints(left, right)
  } else {
    throw new PythonError(
      'TypeError',
      `'${operator}' not supported between instances of '${pyTypeName(left)}' and '${pyTypeName(right)}'`,
    )
  }
  switch (operator) {
    case '<':
      return order < 0
    case '<=':
      return order <= 0
    case '>':
      return order > 0
    case '>=':
      return order >= 0
  }
}

/**
 * The keys az would see: a property holding `undefined` never reaches Python (JSON drops it), so
 * results from JavaScript code can carry optional fields without changing the output.
 */
export function definedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined)
}

/** Keys of a result object in Python's sorted() order. */
export function sortedKeys(value: Record<string, unknown>): string[] {
  return definedKeys(value).sort(compareCodePoints)
}

/** Python's str() of a value as az holds it: strings as they are, everything else as repr(). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value)
}

/** Python's repr() of a value (None, True, 0.5, 2.0, [1, 'a'], {'k': None}, OrderedDict([('a', 1)])...). */
export function pyRepr(value: unknown): string {
  switch (pyTypeName(value)) {
    case 'NoneType':
      return 'None'
    case 'bool':
      return value ? 'True' : 'False'
    case 'int':
      return String(pyInt(value as number))
    case 'float':
      return pythonFloatRepr(numericValue(value as number | PyFloat))
    case 'str':
      return pythonStrRepr(value as string)
    case 'list':
      return `[${(value as unknown[]).map((item) => pyRepr(item)).join(', ')}]`
    case 'dict': {
      const record = value as PyObject
      return `{${definedKeys(record)
        .map((key) => `${pythonStrRepr(key)}: ${pyRepr(record[key])}`)
        .join(', ')}}`
    }
    case 'OrderedDict': {
      const record = value as PyObject
      const keys = definedKeys(record)
      if (keys.length === 0) return 'OrderedDict()'
      return `OrderedDict([${keys.map((key) => `(${pythonStrRepr(key)}, ${pyRepr(record[key])})`).join(', ')}])`
    }
    case '_Expression':
      return EXPRESSION_REPR
  }
}
