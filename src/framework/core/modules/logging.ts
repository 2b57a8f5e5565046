/**
 * The logging module (knack's CLILogging): --verbose, --debug, --only-show-errors and
 * `core.only_show_errors`, decided from the raw arguments before parsing (so `--deb` does not
 * count), and the secrets every line hides.
 */
import type {AzConfig} from '../../config.js'
import {AzCliError} from '../../errors.js'
import {AzLogger, type LogLevel} from '../../log.js'
import type {FlagDefinitions} from '../spec.js'

export function createLogger(
  argv: readonly string[],
  config: AzConfig,
  options: {color: boolean; write: (text: string) => void},
): AzLogger {
  const has = (flag: string) => argv.includes(flag)
  let level: LogLevel = 'warning'
  if (has('--only-show-errors')) {
    if (has('--debug') || has('--verbose')) {
      // az raises this before its logging is set up, so it shows without a level prefix.
      throw new AzCliError("--only-show-errors can't be used together with --debug or --verbose", {bare: true})
    }
    level = 'error'
  } else if (has('--debug')) {
    level = 'debug'
  } else if (has('--verbose')) {
    level = 'info'
  } else if (config.getBoolean('core', 'only_show_errors', false)) {
    level = 'error'
  }

  return new AzLogger({level, color: options.color, write: options.write})
}

/**
 * The --debug line of the arguments, with the values of secret options (an access key, an Entra
 * token) registered as secrets first so the logger prints *** for them.
 */
export function logArguments(argv: readonly string[], flags: FlagDefinitions, logger: AzLogger): void {
  const secretOptions: string[] = []
  for (const [name, flag] of Object.entries(flags)) {
    if ((flag as {azSecret?: boolean}).azSecret) secretOptions.push(`--${name}`)
  }

  for (const [index, arg] of argv.entries()) {
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1
    const name = equals === -1 ? arg : arg.slice(0, equals)
    const inline = equals === -1 ? undefined : arg.slice(equals + 1)
    if (!secretOptions.some((option) => option.startsWith(name) && name.length > 2)) continue
    logger.addSecret(inline ?? argv[index + 1])
  }

  if (logger.isEnabled('debug')) logger.debug(`Command arguments: ${JSON.stringify(argv)}`)
}
