/**
 * Error classes of the az-compatible framework. Each carries the exit code az uses for it and the
 * exact text az prints after `ERROR: `. The base command's error funnel prints `message` once
 * (plus `recommendation` lines) and exits with `exitCode`.
 */

import {pythonStrRepr} from './python/index.js'

/** Where az documents --query. Printed after query errors, as az does. */
export const QUERY_REFERENCE =
  "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'"

export class AzCliError extends Error {
  /** Process exit code az uses for this error. */
  exitCode = 1
  /** Lines az prints after the error line (not prefixed). */
  recommendations: string[] = []
  /** Printed without the `ERROR: ` prefix, as az prints the few errors it raises before its logging is set up. */
  bare = false

  constructor(
    message: string,
    options?: {exitCode?: number; recommendations?: string[]; cause?: unknown; bare?: boolean},
  ) {
    super(message, options?.cause === undefined ? undefined : {cause: options.cause})
    this.name = new.target.name
    if (options?.exitCode !== undefined) this.exitCode = options.exitCode
    if (options?.recommendations) this.recommendations = [...options.recommendations]
    if (options?.bare) this.bare = true
  }
}

/** A user mistake on the command line that az reports through argparse: exit 2. */
export class ArgumentUsageError extends AzCliError {
  override exitCode = 2
}

/** `ERROR: the following arguments are required: --scope` (exit 2). */
export class RequiredArgumentMissingError extends ArgumentUsageError {}

/** `ERROR: unrecognized arguments: --bogus 1` (exit 2). */
export class UnrecognizedArgumentError extends ArgumentUsageError {}

/** A value that is not acceptable for an option, found while validating (exit 2 when raised by the parser). */
export class InvalidArgumentValueError extends AzCliError {}

/** The --query text does not parse: exit 2, before anything is sent. */
export class QueryParseError extends ArgumentUsageError {
  constructor(
    readonly query: string,
    options?: {cause?: unknown},
  ) {
    // argparse writes the rejected value with Python's repr(), quotes and escapes included.
    super(`argument --query: invalid jmespath_type value: ${pythonStrRepr(query)}`, {
      recommendations: [QUERY_REFERENCE],
      cause: options?.cause,
    })
  }
}

/** The --query parsed but failed while evaluating (wrong argument types, unknown function...): exit 1. */
export class QueryEvaluationError extends AzCliError {
  constructor(
    readonly reason: string,
    options?: {cause?: unknown},
  ) {
    super(`Invalid jmespath query supplied for \`--query\`: ${reason}`, {
      recommendations: [QUERY_REFERENCE],
      cause: options?.cause,
    })
  }
}

/** `--output table` on a result that has nothing tabular: exit 1. */
export class TableUnavailableError extends AzCliError {
  constructor(options?: {cause?: unknown}) {
    super(
      'Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.',
      {cause: options?.cause},
    )
  }
}

/** A confirmation prompt was refused or could not be shown: exit 1, nothing sent. */
export class OperationCancelledError extends AzCliError {
  constructor() {
    super('Operation cancelled.')
  }
}

/** HTTP 404 from a service: az's ResourceNotFoundError, exit 3. */
export class ResourceNotFoundError extends AzCliError {
  override exitCode = 3
}

/** Ctrl-C: az's ManualInterrupt, exit 130. */
export class ManualInterruptError extends AzCliError {
  override exitCode = 130
  constructor() {
    super('Keyboard interrupt is captured.')
  }
}

/**
 * An error body from an Azure service, printed as azure-core's ODataV4Format does:
 * `(Code) Message`, then `Code:`, `Message:` and, when present, `Target:` lines.
 * Exit 3 for HTTP 404, otherwise 1.
 */
export class ServiceResponseError extends AzCliError {
  constructor(
    readonly statusCode: number | undefined,
    readonly code: string,
    readonly serviceMessage: string,
    readonly target?: string,
    options?: {cause?: unknown},
  ) {
    super(formatODataV4Error(code, serviceMessage, target), {
      exitCode: statusCode === 404 ? 3 : 1,
      cause: options?.cause,
    })
  }
}

export function formatODataV4Error(code: string, message: string, target?: string): string {
  let text = `(${code}) ${message}\nCode: ${code}\nMessage: ${message}`
  if (target) text += `\nTarget: ${target}`
  return text
}

/**
 * True for any error that carries an az exit code. Also for one made by a second copy of this module
 * (a host with two copies of the package, or one loaded both as CommonJS and as an ES module).
 */
export function isAzCliError(error: unknown): error is AzCliError {
  return error instanceof AzCliError || isErrorNamed(error, 'AzCliError')
}

/** `error instanceof <the class named name>`, by the names of its class chain, across module copies. */
export function isErrorNamed(error: unknown, name: string): boolean {
  if (!(error instanceof Error)) return false
  for (
    let proto = Object.getPrototypeOf(error);
    proto && proto !== Error.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    if (proto.constructor?.name === name) return true
  }
  return false
}
