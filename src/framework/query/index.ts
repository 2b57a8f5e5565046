/**
 * `--query` with az's semantics: a TypeScript port of Python jmespath 1.0.1, the library az runs
 * (see docs/query/LIBRARY.md for why a port rather than a JavaScript JMESPath library).
 *
 * As in knack, the expression is compiled while the arguments are parsed (any failure is
 * QueryParseError: az exits 2 before doing anything) and searched once the command has its result.
 * Errors while searching are what az prints for them: a JMESPathError becomes QueryEvaluationError
 * with Python's exact str(exception); any other Python exception (a TypeError comparing a string
 * with a number, a ValueError for a zero slice step...) becomes QueryInternalError, az's
 * "unexpected error" path.
 *
 * Results follow Python's types: integral floats come back as PyFloat, multiselect hashes as
 * objects marked with markOrdered, `&expr` as an ExpressionReference.
 */
import {QueryEvaluationError, QueryParseError} from '../errors.js'
import type {Node} from './ast.js'
import {PythonError} from '../python/index.js'
import {JMESPathError, QueryInternalError} from './exceptions.js'
import {visit} from './interpreter.js'
import {parse} from './parser.js'

export {ExpressionReference} from './ast.js'
export {QueryEvaluationError, QueryParseError} from '../errors.js'
export {QueryInternalError} from './exceptions.js'

export interface CompiledQuery {
  /** The query text as given. */
  readonly expression: string
  /** Applies the query to a command result (JSON values, PyFloat and ordered objects allowed). */
  search(data: unknown): unknown
}

/** jmespath.compile(expression), or QueryParseError for anything Python's compile rejects. */
export function compileQuery(expression: string): CompiledQuery {
  let tree: Node
  try {
    tree = parse(expression)
  } catch (error) {
    if (error instanceof JMESPathError) {
      throw new QueryParseError(expression, {cause: new Error(`${error.pythonClass}: ${error.str()}`, {cause: error})})
    }
    throw asRecursionError(error)
  }
  return {
    expression,
    search(data: unknown): unknown {
      try {
        return visit(tree, data)
      } catch (error) {
        if (error instanceof JMESPathError) throw new QueryEvaluationError(error.str(), {cause: error})
        if (error instanceof PythonError) throw new QueryInternalError(error.pythonClass, error.message, {cause: error})
        throw asRecursionError(error)
      }
    },
  }
}

/**
 * A query nested deeper than the stack allows. Python raises RecursionError (past about 490
 * nested parentheses; JavaScript's stack goes deeper, so azc accepts some queries Python cannot
 * handle). argparse does not catch it, so in az it also takes the unexpected-error path, at
 * compile time as well as while searching.
 */
function asRecursionError(error: unknown): unknown {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new QueryInternalError('RecursionError', 'maximum recursion depth exceeded', {cause: error})
  }
  return error
}
