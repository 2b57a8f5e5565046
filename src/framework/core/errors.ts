/**
 * The error module: every failure printed once, as az prints it, and az's exit code. az's rule
 * (azure-cli's handle_exception): 2 for anything found while parsing, 1 for an error raised while the
 * command runs, 3 for ResourceNotFoundError (and a service's 404), 130 for Ctrl-C. oclif's own errors
 * keep their meaning: `this.error(msg, {exit})` is `ERROR: msg` with that code, `this.exit(n)` is n.
 */
import {type AzCliError, isAzCliError, isErrorNamed} from '../errors.js'
import type {AzLogger} from '../log.js'
import type {Example} from './spec.js'

export interface ReportOptions {
  logger: AzLogger
  translate?: (error: unknown) => AzCliError | undefined
  examples?: readonly Example[]
  /** Known once the command line was read: argparse's prog and the CLI's bin, for the usage help. */
  usage?: {prog: string; bin: string}
  commandName: string
}

interface OclifError {
  message: string
  code?: string
  oclif?: {exit?: number | false}
}

function isOclifError(error: unknown): error is OclifError {
  return (
    error instanceof Error && typeof (error as OclifError).oclif === 'object' && (error as OclifError).oclif !== null
  )
}

/** Prints the failure and returns the exit code. */
export function reportError(error: unknown, options: ReportOptions): number {
  const {logger} = options
  // oclif's this.exit(n): the command chose its code and printed what it wanted.
  if (isOclifError(error) && error.code === 'EEXIT') return Number(error.oclif?.exit ?? 0)
  if (logger.isEnabled('debug') && error instanceof Error && error.stack) logger.debug(error.stack)

  let azError: AzCliError | undefined
  try {
    azError = isAzCliError(error) ? error : options.translate?.(error)
  } catch {
    // A translation that fails leaves the error unexpected, reported below.
  }

  if (azError) {
    if (azError.bare) logger.plain(azError.message)
    else logger.error(azError.message)
    for (const line of azError.recommendations) logger.plain(line)
    if (azError.exitCode === 2 && !isErrorNamed(azError, 'QueryParseError')) {
      printUsageHelp(options, isErrorNamed(azError, 'UnrecognizedArgumentError'))
    }
    return azError.exitCode
  }

  // oclif's this.error(message, {exit}) from a command: its message as az's ERROR line, its code.
  if (isOclifError(error)) {
    logger.error(error.message)
    const exit = error.oclif?.exit
    return typeof exit === 'number' ? exit : 1
  }

  const message = error instanceof Error ? error.message : String(error)
  logger.error(`The command failed with an unexpected error: ${message}`)
  if (!logger.isEnabled('debug')) logger.plain('Run the command again with --debug for more details.')
  return 1
}

/**
 * After a usage error az shows the command's examples and where to read more (offline, its
 * recommender falls back to the help examples); an unrecognized argument gets only the pointer.
 */
function printUsageHelp(options: ReportOptions, unrecognized: boolean): void {
  const {logger, usage} = options
  if (!usage || !logger.isEnabled('error')) return
  const lines = ['']
  const examples = unrecognized ? [] : (options.examples ?? [])
  const render = (text: string) =>
    text.replaceAll('<%= config.bin %>', usage.bin).replaceAll('<%= command.id %>', options.commandName)
  if (examples.length > 0) lines.push('Examples:')
  for (const example of examples) {
    if (typeof example === 'string') lines.push(render(example), '')
    else lines.push(render(example.command), example.description, '')
  }

  lines.push(`Read more about the command with: ${usage.prog} --help`)
  for (const line of lines) logger.plain(line)
}
