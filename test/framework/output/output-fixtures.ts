/**
 * Reads the output fixtures that scripts/fixtures/gen-output-corpus.py and gen-output-rules.py
 * write from az's own libraries (knack, tabulate, PyYAML, pygments, jmespath).
 */
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {PyFloat, markOrdered} from '../../../src/framework/python/index.js'

/** What az does for one format: writes `stdout`, or fails with an error of `kind`. */
export interface Expected {
  stdout?: string
  error?: ExpectedError
}

export interface ExpectedError {
  kind: 'QueryParseError' | 'QueryEvaluationError' | 'TableUnavailableError'
  /** jmespath's own text for an evaluation error, as az prints it after the fixed prefix. */
  reason?: string
}

export interface CorpusCase {
  name: string
  result: unknown
  query?: string
  /** Set when the query fails: every format fails the same way. */
  error?: ExpectedError
  expected?: Record<'json' | 'yaml' | 'table' | 'tsv' | 'jsoncColour' | 'yamlcColour', Expected | undefined>
}

export interface RuleCase {
  rule: string
  format: 'json' | 'table' | 'tsv' | 'jsonc' | 'yamlc'
  input: unknown
  queryActive?: boolean
  expected: Expected
}

const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/output/', import.meta.url))

/**
 * Rebuilds the Python facts JSON loses: {"__pyfloat__": 2.0} is an integral float,
 * {"__ordered__": [[key, value], ...]} an OrderedDict.
 */
export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue)
  if (value === null || typeof value !== 'object') return value
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  if (keys.length === 1 && keys[0] === '__pyfloat__') return new PyFloat(record.__pyfloat__ as number)
  if (keys.length === 1 && keys[0] === '__ordered__') {
    const entries = record.__ordered__ as Array<[string, unknown]>
    return markOrdered(Object.fromEntries(entries.map(([key, item]) => [key, decodeValue(item)])))
  }
  return Object.fromEntries(keys.map((key) => [key, decodeValue(record[key])]))
}

export function loadCorpus(): CorpusCase[] {
  const {cases} = JSON.parse(readFileSync(`${FIXTURE_DIR}corpus.json`, 'utf8')) as {cases: CorpusCase[]}
  return cases.map((c) => ({...c, result: decodeValue(c.result)}))
}

/** The rule fixtures by rule name. */
export function loadRules(): Map<string, RuleCase> {
  const {rules} = JSON.parse(readFileSync(`${FIXTURE_DIR}rules.json`, 'utf8')) as {rules: RuleCase[]}
  return new Map(rules.map((r) => [r.rule, {...r, input: decodeValue(r.input)}]))
}

const RULES = loadRules()

/**
 * Declares one test for the rule fixture `id`: `render` must print exactly what az printed for
 * the fixture's input. Fails, rather than passes, when the fixture is missing.
 */
export function itFollowsRule(title: string, id: string, render: (rule: RuleCase) => string): void {
  it(title, () => {
    const rule = RULES.get(id)
    if (!rule)
      throw new Error(`no rule ${id} in test/fixtures/output/rules.json; run scripts/fixtures/gen-output-rules.py`)
    if (rule.expected.stdout === undefined) throw new Error(`rule ${id} expects an error, not output`)
    expect(render(rule)).to.equal(rule.expected.stdout)
  })
}

/** Rule ids of one format, to check that every generated rule has its test. */
export function ruleIds(format: RuleCase['format']): string[] {
  return [...RULES.values()].filter((rule) => rule.format === format).map((rule) => rule.rule)
}
