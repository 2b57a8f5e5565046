/**
 * Port of jmespath/visitor.py's TreeInterpreter (Python jmespath 1.0.1), searching with
 * Options(dict_cls=OrderedDict) as knack does: multiselect hashes come out marked ordered.
 */
import {
  type PyObject,
  PythonError,
  getKey,
  isNone,
  isPyDict,
  isPyNumber,
  markOrdered,
  numericValue,
  pyCompare,
  pyEquals,
  setKey,
} from '../python/index.js'
import {ExpressionReference, type Node} from './ast.js'
import {callFunction} from './functions.js'

/** jmespath's _equals: 0 and 1 are never equal to a bool at the top level (nested, Python's == applies). */
function jmespathEquals(left: unknown, right: unknown): boolean {
  if (isSpecialNumber(left)) return typeof right === 'boolean' ? false : pyEquals(left, right)
  if (isSpecialNumber(right)) return typeof left === 'boolean' ? false : pyEquals(left, right)
  return pyEquals(left, right)
}

function isSpecialNumber(value: unknown): boolean {
  if (!isPyNumber(value)) return false
  const number = numericValue(value)
  return number === 0 || number === 1
}

/** jmespath's _is_comparable: ordering works on numbers and strings only, anything else gives null. */
function isComparable(value: unknown): boolean {
  return isPyNumber(value) || typeof value === 'string'
}

const ORDERING = {lt: '<', gt: '>', lte: '<=', gte: '>='} as const

/** jmespath's _is_false: '', [], {}, None and False; 0 is true. */
export function isFalse(value: unknown): boolean {
  if (isNone(value) || value === false || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  return isPyDict(value) && Object.keys(value).length === 0
}

export function visit(node: Node, value: unknown): unknown {
  switch (node.type) {
    case 'subexpression':
    case 'index_expression': {
      let result = value
      for (const child of node.children) result = visit(child, result)
      return result
    }
    case 'pipe':
      return visit(node.children[1], visit(node.children[0], value))
    case 'field':
      return isPyDict(value) ? getKey(value, node.value) : null
    case 'comparator': {
      const left = visit(node.children[0], value)
      const right = visit(node.children[1], value)
      if (node.value === 'eq') return jmespathEquals(left, right)
      if (node.value === 'ne') return !jmespathEquals(left, right)
      if (!isComparable(left) || !isComparable(right)) return null
      return pyCompare(ORDERING[node.value], left, right)
    }
    case 'current':
    case 'identity':
      return value
    case 'expref':
      return new ExpressionReference(node.children[0], visit)
    case 'function_expression':
      return callFunction(
        node.value,
        node.children.map((child) => visit(child, value)),
      )
    case 'filter_projection': {
      const base = visit(node.children[0], value)
      if (!Array.isArray(base)) return null
      const collected: unknown[] = []
      for (const element of base) {
        if (isFalse(visit(node.children[2], element))) continue
        const current = visit(node.children[1], element)
        if (!isNone(current)) collected.push(current)
      }
      return collected
    }
    case 'flatten': {
      const base = visit(node.children[0], value)
      if (!Array.isArray(base)) return null
      const merged: unknown[] = []
      for (const element of base) {
        if (Array.isArray(element)) merged.push(...element)
        else merged.push(element)
      }
      return merged
    }
    case 'index': {
      if (!Array.isArray(value)) return null
      const index = node.value < 0 ? value.length + node.value : node.value
      return index >= 0 && index < value.length ? (value[index] ?? null) : null
    }
    case 'slice':
      return Array.isArray(value) ? pySlice(value, ...node.children) : null
    case 'key_val_pair':
      return visit(node.children[0], value)
    case 'literal':
      return node.value
    case 'multi_select_dict': {
      if (isNone(value)) return null
      const collected: PyObject = markOrdered({})
      for (const child of node.children) setKey(collected, child.value, visit(child, value))
      return collected
    }
    case 'multi_select_list':
      return isNone(value) ? null : node.children.map((child) => visit(child, value))
    case 'or_expression': {
      const matched = visit(node.children[0], value)
      return isFalse(matched) ? visit(node.children[1], value) : matched
    }
    case 'and_expression': {
      const matched = visit(node.children[0], value)
      return isFalse(matched) ? matched : visit(node.children[1], value)
    }
    case 'not_expression':
      // Python's `not` agrees with _is_false here: every number, 0 included, is true.
      return isFalse(visit(node.children[0], value))
    case 'projection':
    case 'value_projection': {
      let base = visit(node.children[0], value)
      if (node.type === 'value_projection') {
        if (!isPyDict(base)) return null
        base = Object.values(base)
      } else if (!Array.isArray(base)) {
        return null
      }
      const collected: unknown[] = []
      for (const element of base as unknown[]) {
        const current = visit(node.children[1], element)
        if (!isNone(current)) collected.push(current)
      }
      return collected
    }
  }
}

/** list[start:stop:step] with Python's clamping; a zero step is Python's ValueError. */
function pySlice(list: unknown[], start: number | null, stop: number | null, step: number | null): unknown[] {
  const stride = step ?? 1
  if (stride === 0) throw new PythonError('ValueError', 'slice step cannot be zero')
  const length = list.length
  const adjust = (index: number | null, fallback: number, low: number, high: number): number => {
    if (index === null) return fallback
    const absolute = index < 0 ? index + length : index
    return Math.min(Math.max(absolute, low), high)
  }
  const result: unknown[] = []
  if (stride > 0) {
    const first = adjust(start, 0, 0, length)
    const end = adjust(stop, length, 0, length)
    for (let index = first; index < end; index += stride) result.push(list[index])
  } else {
    const first = adjust(start, length - 1, -1, length - 1)
    const end = adjust(stop, -1, -1, length - 1)
    for (let index = first; index > end; index += stride) result.push(list[index])
  }
  return result
}
