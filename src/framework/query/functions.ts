/**
 * Port of jmespath/functions.py (Python jmespath 1.0.1): the built-in functions, their
 * signatures, and Python's argument checks (by Python type name, arity before types, only the
 * first argument of a variadic function checked). Functions are looked up when called, so an
 * unknown function or a wrong arity is an error while searching, never while compiling.
 */
import {
  type OrderingOperator,
  type PyObject,
  type PyTypeName,
  PyFloat,
  PythonError,
  containerItemEquals,
  isNone,
  numericValue,
  pyCompare,
  pyFloat,
  pyFloatFromString,
  pyInt,
  pyIntFromString,
  pyJsonDumps,
  pyTypeName,
  setKey,
} from '../python/index.js'
import type {ExpressionReference} from './ast.js'
import {ArityError, JMESPathTypeError, UnknownFunctionError, VariadictArityError} from './exceptions.js'

/** jmespath type name of a Python type name (TYPES_MAP). */
const TYPES_MAP: Record<PyTypeName, string> = {
  bool: 'boolean',
  list: 'array',
  dict: 'object',
  OrderedDict: 'object',
  NoneType: 'null',
  str: 'string',
  float: 'number',
  int: 'number',
  _Expression: 'expref',
}

const REVERSE_TYPES_MAP: Record<string, PyTypeName[]> = {
  boolean: ['bool'],
  array: ['list'],
  object: ['dict', 'OrderedDict'],
  null: ['NoneType'],
  string: ['str'],
  number: ['float', 'int'],
  expref: ['_Expression'],
}

type Signature = {types: string[]; variadic?: true}[]
type Implementation = (args: unknown[]) => unknown

const jmespathType = (value: unknown) => TYPES_MAP[pyTypeName(value)]

function number(value: unknown): number {
  return numericValue(value as number | PyFloat)
}

/** Python's sum(): ints stay ints, the first float makes the rest float arithmetic. */
function pySum(values: unknown[]): {total: number; isFloat: boolean} {
  let total = 0
  let isFloat = false
  for (const value of values) {
    total += number(value)
    if (pyTypeName(value) === 'float') isFloat = true
  }
  return {total, isFloat}
}

/** math.ceil / math.floor: an int result; infinities and NaN are Python errors. */
function toIntegral(value: unknown, round: (n: number) => number): number {
  const n = number(value)
  if (Number.isNaN(n)) throw new PythonError('ValueError', 'cannot convert float NaN to integer')
  if (!Number.isFinite(n)) throw new PythonError('OverflowError', 'cannot convert float infinity to integer')
  return pyInt(round(n))
}

/** Python's max()/min() over values or keys: the first extreme wins ties. */
function extreme<T>(items: T[], key: (item: T) => unknown, operator: OrderingOperator): T {
  let best = items[0]
  let bestKey = key(best)
  for (const item of items.slice(1)) {
    const itemKey = key(item)
    if (pyCompare(operator, itemKey, bestKey)) {
      best = item
      bestKey = itemKey
    }
  }
  return best
}

/** sorted() by keys: a stable sort using only <, as Python's. */
function sortedBy<T>(items: T[], keys: unknown[]): T[] {
  const order = items.map((_, index) => index)
  order.sort((a, b) => (pyCompare('<', keys[a], keys[b]) ? -1 : pyCompare('<', keys[b], keys[a]) ? 1 : 0))
  return order.map((index) => items[index])
}

function keyFunction(expref: ExpressionReference, allowedTypes: string[], functionName: string) {
  return (item: unknown): unknown => {
    const result = expref.visit(item)
    const type = jmespathType(result)
    if (!allowedTypes.includes(type)) throw new JMESPathTypeError(functionName, result, type, allowedTypes)
    return result
  }
}

const FUNCTIONS: Record<string, {signature: Signature; call: Implementation}> = {
  abs: {
    signature: [{types: ['number']}],
    call: ([arg]) => (arg instanceof PyFloat ? new PyFloat(Math.abs(arg.value)) : Math.abs(arg as number)),
  },
  avg: {
    signature: [{types: ['array-number']}],
    call: ([arg]) =>
      (arg as unknown[]).length ? pyFloat(pySum(arg as unknown[]).total / (arg as unknown[]).length) : null,
  },
  not_null: {signature: [{types: [], variadic: true}], call: (args) => args.find((arg) => !isNone(arg)) ?? null},
  to_array: {signature: [{types: []}], call: ([arg]) => (Array.isArray(arg) ? arg : [arg])},
  to_string: {signature: [{types: []}], call: ([arg]) => (typeof arg === 'string' ? arg : pyJsonDumps(arg))},
  to_number: {signature: [{types: []}], call: ([arg]) => toNumber(arg)},
  contains: {
    signature: [{types: ['array', 'string']}, {types: []}],
    call: ([subject, search]) => contains(subject, search),
  },
  length: {
    signature: [{types: ['string', 'array', 'object']}],
    call: ([arg]) =>
      typeof arg === 'string' ? [...arg].length : Array.isArray(arg) ? arg.length : Object.keys(arg as object).length,
  },
  ends_with: {
    signature: [{types: ['string']}, {types: ['string']}],
    call: ([text, suffix]) => (text as string).endsWith(suffix as string),
  },
  starts_with: {
    signature: [{types: ['string']}, {types: ['string']}],
    call: ([text, prefix]) => (text as string).startsWith(prefix as string),
  },
  reverse: {
    signature: [{types: ['array', 'string']}],
    call: ([arg]) => (typeof arg === 'string' ? [...arg].reverse().join('') : [...(arg as unknown[])].reverse()),
  },
  ceil: {signature: [{types: ['number']}], call: ([arg]) => toIntegral(arg, Math.ceil)},
  floor: {signature: [{types: ['number']}], call: ([arg]) => toIntegral(arg, Math.floor)},
  join: {
    signature: [{types: ['string']}, {types: ['array-string']}],
    call: ([separator, array]) => (array as string[]).join(separator as string),
  },
  map: {
    signature: [{types: ['expref']}, {types: ['array']}],
    call: ([expref, array]) => (array as unknown[]).map((item) => (expref as ExpressionReference).visit(item)),
  },
  max: {
    signature: [{types: ['array-number', 'array-string']}],
    call: ([arg]) => ((arg as unknown[]).length ? extreme(arg as unknown[], (item) => item, '>') : null),
  },
  merge: {
    signature: [{types: ['object'], variadic: true}],
    call: (args) => {
      const merged: PyObject = {}
      args.forEach((arg) => dictUpdate(merged, arg))
      return merged
    },
  },
  min: {
    signature: [{types: ['array-number', 'array-string']}],
    call: ([arg]) => ((arg as unknown[]).length ? extreme(arg as unknown[], (item) => item, '<') : null),
  },
  sort: {
    signature: [{types: ['array-string', 'array-number']}],
    call: ([arg]) => sortedBy(arg as unknown[], arg as unknown[]),
  },
  sum: {
    signature: [{types: ['array-number']}],
    call: ([arg]) => {
      const {total, isFloat} = pySum(arg as unknown[])
      return isFloat ? pyFloat(total) : pyInt(total)
    },
  },
  keys: {signature: [{types: ['object']}], call: ([arg]) => Object.keys(arg as object)},
  values: {signature: [{types: ['object']}], call: ([arg]) => Object.values(arg as object)},
  type: {signature: [{types: []}], call: ([arg]) => (pyTypeName(arg) === '_Expression' ? null : jmespathType(arg))},
  sort_by: {
    signature: [{types: ['array']}, {types: ['expref']}],
    call: ([array, expref]) => {
      const items = array as unknown[]
      if (items.length === 0) return items
      const reference = expref as ExpressionReference
      // The first element's key decides whether all keys must be numbers or strings.
      const requiredType = jmespathType(reference.visit(items[0]))
      if (requiredType !== 'number' && requiredType !== 'string') {
        throw new JMESPathTypeError('sort_by', items[0], requiredType, ['string', 'number'])
      }
      const key = keyFunction(reference, [requiredType], 'sort_by')
      return sortedBy(items, items.map(key))
    },
  },
  min_by: {
    signature: [{types: ['array']}, {types: ['expref']}],
    call: ([array, expref]) => {
      const key = keyFunction(expref as ExpressionReference, ['number', 'string'], 'min_by')
      return (array as unknown[]).length ? extreme(array as unknown[], key, '<') : null
    },
  },
  max_by: {
    signature: [{types: ['array']}, {types: ['expref']}],
    call: ([array, expref]) => {
      const key = keyFunction(expref as ExpressionReference, ['number', 'string'], 'max_by')
      return (array as unknown[]).length ? extreme(array as unknown[], key, '>') : null
    },
  },
}

function toNumber(arg: unknown): unknown {
  const type = pyTypeName(arg)
  if (type === 'list' || type === 'dict' || type === 'OrderedDict' || type === 'bool' || type === 'NoneType')
    return null
  if (type === 'int' || type === 'float') return arg
  if (type === '_Expression') {
    // int(_Expression) is a TypeError, which to_number does not catch (it catches ValueError only).
    throw new PythonError(
      'TypeError',
      "int() argument must be a string, a bytes-like object or a real number, not '_Expression'",
    )
  }
  const asInt = pyIntFromString(arg as string)
  if (asInt !== undefined) return asInt
  const asFloat = pyFloatFromString(arg as string)
  return asFloat === undefined ? null : pyFloat(asFloat)
}

/** `search in subject`: substring for strings (a str operand required), == membership for lists. */
function contains(subject: unknown, search: unknown): boolean {
  if (typeof subject === 'string') {
    if (typeof search !== 'string') {
      throw new PythonError('TypeError', `'in <string>' requires string as left operand, not ${pyTypeName(search)}`)
    }
    return subject.includes(search)
  }
  return (subject as unknown[]).some((item) => containerItemEquals(item, search))
}

/**
 * dict.update(arg) as merge() runs it: only merge's first argument is type-checked, so a later one
 * may be anything, and Python then reads it as a sequence of key/value pairs or fails.
 */
function dictUpdate(target: PyObject, arg: unknown): void {
  const type = pyTypeName(arg)
  if (type === 'dict' || type === 'OrderedDict') {
    for (const [key, value] of Object.entries(arg as PyObject)) setKey(target, key, value)
    return
  }
  if (type !== 'str' && type !== 'list') throw new PythonError('TypeError', `'${type}' object is not iterable`)
  const elements = type === 'str' ? [...(arg as string)] : (arg as unknown[])
  elements.forEach((element, index) => {
    const elementType = pyTypeName(element)
    let pair: unknown[]
    if (elementType === 'str') pair = [...(element as string)]
    else if (elementType === 'list') pair = element as unknown[]
    else if (elementType === 'dict' || elementType === 'OrderedDict') pair = Object.keys(element as PyObject)
    else throw new PythonError('TypeError', `cannot convert dictionary update sequence element #${index} to a sequence`)
    if (pair.length !== 2) {
      throw new PythonError(
        'ValueError',
        `dictionary update sequence element #${index} has length ${pair.length}; 2 is required`,
      )
    }
    const [key, value] = pair
    const keyType = pyTypeName(key)
    if (keyType === 'list' || keyType === 'dict' || keyType === 'OrderedDict') {
      throw new PythonError('TypeError', `unhashable type: '${keyType}'`)
    }
    // A non-string key can only be a JavaScript string here; it is spelled as json.dumps would.
    setKey(target, typeof key === 'string' ? key : pyJsonDumps(key), value)
  })
}

/** Functions.call_function: look up, check arity, check types, call. */
export function callFunction(name: string, args: unknown[]): unknown {
  const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined
  if (!spec) throw new UnknownFunctionError(`Unknown function: ${name}()`)
  const {signature} = spec
  if (signature.at(-1)?.variadic) {
    if (args.length < signature.length) throw new VariadictArityError(signature.length, args.length, name)
  } else if (args.length !== signature.length) {
    throw new ArityError(signature.length, args.length, name)
  }
  signature.forEach((parameter, index) => {
    if (parameter.types.length) typeCheck(args[index], parameter.types, name)
  })
  return spec.call(args)
}

function typeCheck(current: unknown, types: string[], functionName: string): void {
  const allowedTypes: PyTypeName[] = []
  const allowedSubtypes: PyTypeName[][] = []
  for (const type of types) {
    const [base, subtype] = type.split('-', 2)
    if (subtype !== undefined) allowedSubtypes.push(REVERSE_TYPES_MAP[subtype])
    allowedTypes.push(...REVERSE_TYPES_MAP[base])
  }
  const actual = pyTypeName(current)
  if (!allowedTypes.includes(actual)) throw new JMESPathTypeError(functionName, current, TYPES_MAP[actual], types)
  if (allowedSubtypes.length) subtypeCheck(current as unknown[], allowedSubtypes, types, functionName)
}

function subtypeCheck(
  current: unknown[],
  allowedSubtypes: PyTypeName[][],
  types: string[],
  functionName: string,
): void {
  let allowed: PyTypeName[]
  if (allowedSubtypes.length === 1) {
    allowed = allowedSubtypes[0]
  } else {
    if (current.length === 0) return
    // Dynamic: the first element's type picks which subtype every element must have.
    const first = pyTypeName(current[0])
    const match = allowedSubtypes.find((subtypes) => subtypes.includes(first))
    if (!match) throw new JMESPathTypeError(functionName, current[0], first, types)
    allowed = match
  }
  for (const element of current) {
    const actual = pyTypeName(element)
    // Note: Python reports the Python type name here (`received: "str"`), not the jmespath one.
    if (!allowed.includes(actual)) throw new JMESPathTypeError(functionName, element, actual, types)
  }
}
