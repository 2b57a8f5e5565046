/**
 * The exceptions Python jmespath 1.0.1 raises, with the same class names and str() text. The
 * engine throws these; compileQuery and CompiledQuery.search turn them into the framework's
 * errors (QueryParseError, QueryEvaluationError, QueryInternalError) the way az does.
 */
import {AzCliError} from '../errors.js'
import {pyRepr, pyStr} from '../python/index.js'

/** jmespath.exceptions.JMESPathError: az reports it as "Invalid jmespath query supplied...". */
export class JMESPathError extends Error {
  /** The Python class name (spelled out: bundlers may rename JavaScript classes). */
  readonly pythonClass: string = 'JMESPathError'

  /** Python's str(exception). Parse errors only know it once the parser has set their expression. */
  str(): string {
    return this.message
  }
}

export class ParseError extends JMESPathError {
  override readonly pythonClass: string = 'ParseError'

  expression: string | null = null

  constructor(
    public lexPosition: number,
    public tokenValue: unknown,
    public tokenType: string | null,
    public msg = 'Invalid jmespath expression',
  ) {
    super(msg)
  }

  override str(): string {
    const underline = ' '.repeat(this.lexPosition + 1) + '^'
    return (
      `${this.msg}: Parse error at column ${this.lexPosition}, token "${pyStr(this.tokenValue)}" ` +
      `(${this.tokenType?.toUpperCase() ?? 'None'}), for expression:\n"${this.expression}"\n${underline}`
    )
  }
}

export class IncompleteExpressionError extends ParseError {
  override readonly pythonClass: string = 'IncompleteExpressionError'

  setExpression(expression: string): void {
    this.expression = expression
    this.lexPosition = [...expression].length
    this.tokenType = null
    this.tokenValue = null
  }

  override str(): string {
    const underline = ' '.repeat(this.lexPosition + 1) + '^'
    return `Invalid jmespath expression: Incomplete expression:\n"${this.expression}"\n${underline}`
  }
}

export class LexerError extends ParseError {
  override readonly pythonClass: string = 'LexerError'

  constructor(
    lexerPosition: number,
    lexerValue: string,
    readonly lexerMessage: string,
  ) {
    super(lexerPosition, lexerValue, lexerMessage)
  }

  override str(): string {
    return `Bad jmespath expression: ${this.lexerMessage}:\n${this.expression}\n${' '.repeat(this.lexPosition)}^`
  }
}

export class EmptyExpressionError extends JMESPathError {
  override readonly pythonClass: string = 'EmptyExpressionError'

  constructor() {
    super('Invalid JMESPath expression: cannot be empty.')
  }
}

function pluralize(word: string, count: number): string {
  return count === 1 ? word : `${word}s`
}

/** Raised while searching (not compiling), when a function gets the wrong number of arguments. */
export class ArityError extends JMESPathError {
  override readonly pythonClass: string = 'ArityError'

  constructor(
    readonly expected: number,
    readonly actual: number,
    readonly functionName: string,
  ) {
    super()
    const atLeast = this instanceof VariadictArityError ? 'at least ' : ''
    this.message =
      `Expected ${atLeast}${expected} ${pluralize('argument', expected)} for function ` +
      `${functionName}(), received ${actual}`
  }
}

export class VariadictArityError extends ArityError {
  override readonly pythonClass: string = 'VariadictArityError'
}

export class JMESPathTypeError extends JMESPathError {
  override readonly pythonClass: string = 'JMESPathTypeError'

  constructor(functionName: string, currentValue: unknown, actualType: string, expectedTypes: readonly string[]) {
    super(
      `In function ${functionName}(), invalid type for value: ${pyStr(currentValue)}, expected one of: ` +
        `${pyRepr([...expectedTypes])}, received: "${actualType}"`,
    )
  }
}

export class UnknownFunctionError extends JMESPathError {
  override readonly pythonClass: string = 'UnknownFunctionError'
}

/**
 * What az does with a PythonError from --query: its handle_exception falls through to
 * CLIInternalError, which prints
 *   ERROR: The command failed with an unexpected error. Here is the traceback:
 *   ERROR: <str(exception)>
 *   Traceback (most recent call last): ... <frames> ...
 *   <Class>: <str(exception)>
 *   To check existing issues, please visit: https://github.com/Azure/azure-cli/issues
 *   To open a new issue, please run `az feedback`
 * and exits 1. There is no Python traceback to show here, so the lines after the first are the
 * error line, the traceback's last line and az's two recommendations.
 */
export class QueryInternalError extends AzCliError {
  constructor(
    readonly pythonClass: string,
    readonly reason: string,
    options?: {cause?: unknown},
  ) {
    super('The command failed with an unexpected error. Here is the traceback:', {
      recommendations: [
        `ERROR: ${reason}`,
        `${pythonClass}: ${reason}`,
        'To check existing issues, please visit: https://github.com/Azure/azure-cli/issues',
        'To open a new issue, please run `az feedback`',
      ],
      cause: options?.cause,
    })
  }
}
