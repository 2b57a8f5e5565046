/**
 * PyYAML's SafeRepresenter for the values az results hold: a JSON value (plus PyFloat) becomes a
 * tree of scalar texts with their tags, mappings sorted by key as Python sorts str.
 */
import {PyFloat, compareCodePoints, pythonFloatRepr} from '../../python/index.js'
import type {ScalarTag} from './resolve.js'

export interface ScalarNode {
  kind: 'scalar'
  tag: ScalarTag
  value: string
}

export interface SequenceNode {
  kind: 'sequence'
  items: YamlNode[]
}

export interface MappingNode {
  kind: 'mapping'
  pairs: Array<[ScalarNode, YamlNode]>
}

export type YamlNode = ScalarNode | SequenceNode | MappingNode

/**
 * Builds the node tree safe_dump would build for the value. Anything JSON.stringify would not
 * write is treated the way it treats it (toJSON is honoured, undefined/function members are left
 * out, array holes become null), so yaml output shows what json output shows.
 */
export function representValue(value: unknown): YamlNode {
  return represent(value, new Set())
}

function represent(value: unknown, ancestors: Set<object>): YamlNode {
  if (value instanceof PyFloat) return scalar('float', pythonFloatText(value.value))
  if (value !== null && typeof value === 'object' && typeof (value as {toJSON?: unknown}).toJSON === 'function') {
    value = (value as {toJSON: () => unknown}).toJSON()
  }
  if (value === null || value === undefined) return scalar('null', 'null')
  switch (typeof value) {
    case 'string':
      return scalar('str', value)
    case 'boolean':
      return scalar('bool', value ? 'true' : 'false')
    case 'number':
      return Number.isSafeInteger(value) ? scalar('int', String(value)) : scalar('float', pythonFloatText(value))
    case 'object':
      break
    default:
      throw new TypeError(`cannot render a ${typeof value} as YAML`)
  }
  const object = value as object
  if (ancestors.has(object)) throw new TypeError('cannot render a circular structure as YAML')
  ancestors.add(object)
  try {
    if (Array.isArray(object)) {
      return {
        kind: 'sequence',
        items: Array.from(object, (item) => represent(isOmitted(item) ? null : item, ancestors)),
      }
    }
    const entries = Object.entries(object).filter(([, item]) => !isOmitted(item))
    entries.sort(([a], [b]) => compareCodePoints(a, b))
    return {
      kind: 'mapping',
      pairs: entries.map(([key, item]) => [scalar('str', key), represent(item, ancestors)]),
    }
  } finally {
    ancestors.delete(object)
  }
}

function scalar(tag: ScalarTag, value: string): ScalarNode {
  return {kind: 'scalar', tag, value}
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol'
}

/** SafeRepresenter.represent_float: `.nan`, `.inf`, `-.inf`, else repr() lowercased with a `.0` before a bare exponent. */
export function pythonFloatText(value: number): string {
  if (Number.isNaN(value)) return '.nan'
  if (value === Infinity) return '.inf'
  if (value === -Infinity) return '-.inf'
  const text = pythonFloatRepr(value).toLowerCase()
  return !text.includes('.') && text.includes('e') ? text.replace('e', '.0e') : text
}
