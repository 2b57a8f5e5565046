/**
 * The base class that makes an oclif command behave like an az command. A command declares its
 * flags (oclif flag definitions) and returns its result from run(); this class does the rest the
 * way az does: `@file` arguments, argparse's parsing rules and messages, the global options, config
 * defaults, the status notice, the query, the output format, and one error funnel that prints every
 * failure once and exits with az's code.
 */
import {Command, Errors, Flags, Interfaces} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {ArgumentTypeError, ArgumentValueError, OptionSpec, parseArguments} from './argparse.js'
import {AzConfig, colorEnabled} from './config.js'
import {
  AzCliError,
  ManualInterruptError,
  QueryParseError,
  UnrecognizedArgumentError,
  isAzCliError,
} from './errors.js'
import {expandFileArguments} from './file-args.js'
import {AzLogger, LogLevel} from './log.js'
import {OUTPUT_FORMATS, type OutputFormat} from './output/formats.js'
import {confirmOperation} from './prompt.js'
import {CommandStatus, statusNotice} from './status.js'

/** Extra knowledge a flag definition can carry for az-style parsing. */
export interface AzFlagExtras {
  /** Converts the raw value, as an argparse `type=`; throw ArgumentTypeError/ArgumentValueError for az's messages. */
  azConvert?: (value: string) => unknown
  /** An empty value skips the `options` check and reaches the command (the service then reports it, as with az). */
  azEmptyBypassesOptions?: boolean
  /** The value is a credential: it is shown as *** in every log line. */
  azSecret?: boolean
}

const GLOBAL = 'GLOBAL'

/** Attaches an argparse-style converter to an oclif flag definition. */
export function withAzConvert<F extends object>(flag: F, azConvert: (value: string) => unknown): F {
  return Object.assign(flag, {azConvert})
}

/** Attaches az parsing details to an oclif flag definition, keeping its type for oclif's flag inference. */
export function withAzExtras<F extends object>(flag: F, extras: AzFlagExtras): F {
  return Object.assign(flag, extras)
}

/** The flags every az command has, in the order az registers them (this order shows in argparse messages). */
export type BooleanFlag = Interfaces.BooleanFlag<boolean>
export type StringFlag = Interfaces.OptionFlag<string | undefined>
export type IntegerFlag = Interfaces.OptionFlag<number | undefined> & AzFlagExtras

export const globalFlags: {
  verbose: BooleanFlag
  debug: BooleanFlag
  'only-show-errors': BooleanFlag
  output: StringFlag & AzFlagExtras
  query: StringFlag
} = {
  verbose: Flags.boolean({helpGroup: GLOBAL, summary: 'Increase logging verbosity. Use --debug for full debug logs.'}),
  debug: Flags.boolean({helpGroup: GLOBAL, summary: 'Increase logging verbosity to show all debug logs.'}),
  'only-show-errors': Flags.boolean({helpGroup: GLOBAL, summary: 'Only show errors, suppressing warnings.'}),
  output: withAzConvert(
    Flags.string({char: 'o', helpGroup: GLOBAL, options: [...OUTPUT_FORMATS], summary: 'Output format.'}),
    // az declares --output with type=str.lower: `-o JSON` is json.
    (value) => value.toLowerCase(),
  ),
  query: Flags.string({
    helpGroup: GLOBAL,
    summary: 'JMESPath query string. See http://jmespath.org/ for more information and examples.',
  }),
}

/** Registered after the global options and before a command's own, as az registers it. */
export const subscriptionFlag: {subscription: StringFlag} = {
  subscription: Flags.string({
    helpGroup: GLOBAL,
    summary: 'Name or ID of subscription. You can configure the default subscription using `az account set -s NAME_OR_ID`.',
  }),
}

export interface IntegerFlagOptions {
  summary?: string
  default?: number
  description?: string
  helpValue?: string
  min?: number
  max?: number
}

/** Flag helpers for az-style commands. */
export const azFlags: {
  yes(): BooleanFlag
  integer(options?: IntegerFlagOptions): IntegerFlag
} = {
  /** `--yes/-y` of commands that ask for confirmation. */
  yes: () => Flags.boolean({char: 'y', summary: 'Do not prompt for confirmation.'}),
  /** An integer option with argparse's `invalid int value` message and optional bounds. */
  integer(options: IntegerFlagOptions = {}) {
    const {min, max} = options
    return withAzConvert(Flags.integer(options), (value) => {
      // Python's int(): optional sign, digits with single underscores, surrounding white space.
      if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)) throw new ArgumentTypeError('int')
      const parsed = Number(value.replaceAll('_', '').trim())
      if ((min !== undefined && parsed < min) || (max !== undefined && parsed > max)) {
        throw new ArgumentValueError(new ArgumentRangeError(parsed, min, max).message)
      }
      return parsed
    })
  },
}

/** An integer outside the bounds a flag allows. */
export class ArgumentRangeError extends Error {
  constructor(readonly value: number, readonly min?: number, readonly max?: number) {
    super(
      min !== undefined && max !== undefined
        ? `${value} is out of range: the value must be between ${min} and ${max}`
        : min === undefined ? `${value} is out of range: the value must be at most ${max}` : `${value} is out of range: the value must be at least ${min}`,
    )
  }
}

export type AzFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof AzCommand)['baseFlags'] & T['flags']
>

export abstract class AzCommand<T extends typeof Command = typeof Command> extends Command {
  static override baseFlags: typeof globalFlags & typeof subscriptionFlag = {...globalFlags, ...subscriptionFlag}

  /** The command's az status (preview, experimental, deprecated), printed before it runs; several print in order. */
  static status?: CommandStatus | readonly CommandStatus[]

  /** Ctrl-C ends the command with exit 130; a command that stops cleanly on SIGINT itself sets this false. */
  static exitOnInterrupt = true

  /** The parsed flags (own and global). */
  protected flags!: AzFlags<T>
  /** az's configuration: file and AZURE_* variables. */
  protected azConfig!: AzConfig
  /** az-style stderr logging. */
  protected logger!: AzLogger
  /** The output format in effect (flag, then `core.output`, then json). */
  protected outputFormat: OutputFormat = 'json'

  private startedAt = 0
  private invokedAt = 0

  /** The command as az names it: `communication user-identity token issue`. */
  get commandName(): string {
    return (this.id ?? '').split(':').join(' ')
  }

  /** `azc communication user-identity token issue`, as argparse's prog. */
  get prog(): string {
    return `${this.config.bin} ${this.commandName}`.trim()
  }

  /** The command's work: returns the result to print, or undefined/null for nothing. */
  abstract override run(): Promise<unknown>

  /** Asks for confirmation the way az does; throws OperationCancelledError when refused. */
  protected async confirm(message?: string): Promise<void> {
    const flags = this.flags as Record<string, unknown>
    await confirmOperation({
      skip: Boolean(flags.yes) || this.azConfig.getBoolean('core', 'disable_confirm_prompt', false),
      logger: this.logger,
      message,
    })
  }

  /** Turns a failure the framework does not know (an SDK error, say) into an az error; undefined to keep it. */
  protected translateError(_error: unknown): AzCliError | undefined {
    return undefined
  }

  protected override async _run<R>(): Promise<R> {
    this.startedAt = performance.now()
    const onSigint = () => {
      process.exitCode = new ManualInterruptError().exitCode
      process.exit()
    }

    const interruptible = (this.ctor as typeof AzCommand).exitOnInterrupt
    if (interruptible) process.once('SIGINT', onSigint)
    let result: unknown
    let exitCode = 0
    try {
      if (await this.prepare()) {
        this.invokedAt = performance.now()
        result = await this.run()
        await this.printResult(result)
        this.logTimings()
      }
    } catch (error) {
      exitCode = this.report(error)
    } finally {
      process.removeListener('SIGINT', onSigint)
    }

    if (exitCode !== 0) Errors.exit(exitCode)
    return result as R
  }

  /** Everything az does before the command's own code runs; false when there is nothing left to run (help). */
  private async prepare(): Promise<boolean> {
    const rawArgv = this.argv
    this.azConfig = new AzConfig()
    this.logger = this.createLogger(rawArgv)

    const argv = expandFileArguments(rawArgv, {
      onUnreadable: (arg) => this.logger.debug(`Failed to load '${arg}', assume not a file`),
    })
    const specs = this.optionSpecs()
    // --query is compiled while parsing, as az's argparse type does, so a bad query fails before anything runs.
    const query = argv.some((arg) => arg.startsWith('--q')) ? await import('./query/index.js') : undefined
    const querySpec = specs.find((spec) => spec.dest === 'query')
    if (querySpec && query) {
      querySpec.convert = (value) => {
        query.compileQuery(value)
        return value
      }
    }

    let values: Record<string, unknown>
    try {
      ;({values} = parseArguments(argv, specs, this.prog))
    } finally {
      this.logArguments(argv)
    }

    if (values.help) {
      // oclif answers an exact --help/-h before the command loads; argparse also takes a prefix such as --hel.
      const {loadHelpClass} = await import('@oclif/core')
      const Help = await loadHelpClass(this.config)
      await new Help(this.config).showHelp([this.id ?? ''])
      return false
    }

    const flags = this.withDefaults(values)
    this.flags = flags as AzFlags<T>
    this.outputFormat = (flags.output as OutputFormat | undefined) ?? this.configuredOutput()

    if (flags.subscription !== undefined) this.checkSubscription(flags.subscription as string)

    const status = (this.ctor as typeof AzCommand).status ?? []
    // az prints deprecations first, then previews, then experimental notices.
    const order = ['deprecated', 'preview', 'experimental']
    const notices = (Array.isArray(status) ? [...status] : [status as CommandStatus]).sort(
      (a, b) => order.indexOf(a.state) - order.indexOf(b.state),
    )
    for (const notice of this.logger.isEnabled('warning') ? notices : []) {
      // knack's StatusTag: the coloured text on a terminal, otherwise the text after "WARNING: ".
      const {text, color} = statusNotice(notice)
      this.logger.plain(this.logger.color ? text : `WARNING: ${text}`, color)
    }

    return true
  }

  /**
   * The --debug line of the arguments, with the values of secret options (an access key, an Entra
   * token) registered as secrets first so the logger prints *** for them.
   */
  private logArguments(argv: readonly string[]): void {
    const secretOptions = new Set<string>()
    for (const [name, flag] of Object.entries((this.ctor as typeof AzCommand).flags ?? {})) {
      if ((flag as AzFlagExtras).azSecret) secretOptions.add(`--${name}`)
    }

    for (const [index, arg] of argv.entries()) {
      const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
      const matches = [...secretOptions].some((option) => option.startsWith(name) && name.length > 2)
      if (!matches) continue
      this.logger.addSecret(inline ?? argv[index + 1])
    }

    if (this.logger.isEnabled('debug')) this.logger.debug(`Command arguments: ${JSON.stringify(argv)}`)
  }

  /** knack decides verbosity from the raw arguments, before parsing, so `--deb` does not count. */
  private createLogger(argv: readonly string[]): AzLogger {
    const color = this.colorEnabled()
    const has = (flag: string) => argv.includes(flag)
    let level: LogLevel = 'warning'
    if (has('--only-show-errors')) {
      if (has('--debug') || has('--verbose')) {
        this.logger = new AzLogger({level: 'warning', color})
        // az raises this before its logging is set up, so it shows without a level prefix.
        throw new AzCliError("--only-show-errors can't be used together with --debug or --verbose", {bare: true})
      }
      level = 'error'
    } else if (has('--debug')) {
      level = 'debug'
    } else if (has('--verbose')) {
      level = 'info'
    } else if (this.azConfig.getBoolean('core', 'only_show_errors', false)) {
      level = 'error'
    }

    return new AzLogger({level, color})
  }

  /** knack: colour only when stdout and stderr are terminals and nothing disables it. */
  protected colorEnabled(): boolean {
    return colorEnabled(this.azConfig)
  }

  private configuredOutput(): OutputFormat {
    const configured = this.azConfig.get('core', 'output')?.toLowerCase()
    if (configured === undefined) return 'json'
    if ((OUTPUT_FORMATS as readonly string[]).includes(configured)) return configured as OutputFormat
    throw new AzCliError(
      `'${configured}' is not a valid value for core.output (from ${this.azConfig.sourceOf('core', 'output')}). ` +
        `Allowed values: ${OUTPUT_FORMATS.join(', ')}.`,
    )
  }

  /** The command's flags as argparse options, in the order az registers them. */
  private optionSpecs(): OptionSpec[] {
    const ctor = this.ctor as typeof AzCommand
    // az's order: the global options, --subscription, then the command's own (argparse lists matches in this order).
    const all: Record<string, Interfaces.Flag<unknown> & AzFlagExtras> = {
      ...globalFlags,
      ...subscriptionFlag,
      ...ctor.flags,
    } as never
    const specs: OptionSpec[] = [{dest: 'help', optionStrings: ['--help', '-h'], nargs: 'zero'}]
    for (const [name, flag] of Object.entries(all)) {
      const optionStrings = [`--${name}`]
      if (flag.char) optionStrings.push(`-${flag.char}`)
      for (const alias of flag.aliases ?? []) optionStrings.push(alias.length === 1 ? `-${alias}` : `--${alias}`)
      specs.push({
        dest: name,
        optionStrings,
        nargs: flag.type === 'boolean' ? 'zero' : flag.multiple ? 'oneOrMore' : 'one',
        required: Boolean(flag.required),
        choices: flag.type === 'option' ? flag.options : undefined,
        emptyBypassesChoices: flag.azEmptyBypassesOptions,
        convert: flag.azConvert,
      })
    }

    return specs
  }

  private withDefaults(values: Record<string, unknown>): Record<string, unknown> {
    const flags: Record<string, unknown> = {...values}
    const all = {...(this.ctor as typeof AzCommand).flags, ...globalFlags, ...subscriptionFlag} as Record<
      string,
      Interfaces.Flag<unknown>
    >
    for (const [name, flag] of Object.entries(all)) {
      if (flags[name] !== undefined) continue
      if (flag.type === 'boolean') flags[name] = typeof flag.default === 'boolean' ? flag.default : false
      else if (flag.default !== undefined && typeof flag.default !== 'function') flags[name] = flag.default
    }

    return flags
  }

  private async printResult(result: unknown): Promise<void> {
    const query = (this.flags as Record<string, unknown>).query as string | undefined
    // az applies the query even to an empty result and with -o none: `length(@)` fails on null.
    if (query === undefined && (result === undefined || result === null || this.outputFormat === 'none')) return
    const {renderOutput} = await import('./output/index.js')
    const text = renderOutput(result, {
      output: this.outputFormat,
      query,
      color: this.logger.color,
    })
    if (text) await writeStdout(text)
  }

  private logTimings(): void {
    if (!this.logger.isEnabled('info')) return
    const now = performance.now()
    const seconds = (ms: number) => (ms / 1000).toFixed(3)
    this.logger.info(
      `Command ran in ${seconds(now - this.startedAt)} seconds (init: ${seconds(this.invokedAt - this.startedAt)}, ` +
        `invoke: ${seconds(now - this.invokedAt)})`,
    )
  }

  /**
   * After a usage error az shows the command's examples and where to read more (offline, its
   * recommender falls back to the help examples); an unrecognized argument gets only the pointer.
   */
  private printUsageHelp(unrecognized: boolean): void {
    if (!this.logger.isEnabled('error')) return
    const lines = ['']
    const examples = unrecognized ? [] : ((this.ctor.examples ?? []) as Array<string | {command: string; description: string}>)
    const render = (text: string) =>
      text.replaceAll('<%= config.bin %>', this.config.bin).replaceAll('<%= command.id %>', this.commandName)
    if (examples.length > 0) lines.push('Examples:')
    for (const example of examples) {
      if (typeof example === 'string') lines.push(render(example), '')
      else lines.push(render(example.command), example.description, '')
    }

    lines.push(`Read more about the command with: ${this.prog} --help`)
    for (const line of lines) this.logger.plain(line)
  }

  /** az checks --subscription against the subscriptions of `az login` (azureProfile.json) and warns when unknown. */
  private checkSubscription(value: string): void {
    let known: Array<{id?: string; name?: string}> = []
    try {
      const text = readFileSync(join(this.azConfig.configDir, 'azureProfile.json'), 'utf8').replace(/^\uFEFF/, '')
      known = (JSON.parse(text) as {subscriptions?: Array<{id?: string; name?: string}>}).subscriptions ?? []
    } catch {
      // No profile (never logged in with az) or an unreadable one: nothing is known.
    }

    const wanted = value.toLowerCase()
    if (!known.some((s) => s.id?.toLowerCase() === wanted || s.name?.toLowerCase() === wanted)) {
      this.logger.warning(`Subscription '${value}' not recognized.`)
    }
  }

  /** The one error funnel: prints the failure once, az-style, and returns the exit code. */
  private report(error: unknown): number {
    if (error instanceof Errors.ExitError) return error.oclif.exit ?? 0
    this.logger ??= new AzLogger()
    if (this.logger.isEnabled('debug') && error instanceof Error && error.stack) {
      this.logger.debug(error.stack)
    }

    let azError: AzCliError | undefined
    try {
      azError = isAzCliError(error) ? error : this.translateError(error)
    } catch {
      // A translation that fails leaves the error unexpected, reported below.
    }

    if (azError) {
      if (azError.bare) this.logger.plain(azError.message)
      else this.logger.error(azError.message)
      for (const line of azError.recommendations) this.logger.plain(line)
      if (azError.exitCode === 2 && !(azError instanceof QueryParseError)) {
        this.printUsageHelp(azError instanceof UnrecognizedArgumentError)
      }

      return azError.exitCode
    }

    const message = error instanceof Error ? error.message : String(error)
    this.logger.error(`The command failed with an unexpected error: ${message}`)
    if (!this.logger.isEnabled('debug')) this.logger.plain('Run the command again with --debug for more details.')
    return 1
  }
}

/** Writes to stdout and waits until it is handed to the OS; a closed pipe (`| head`) is not an error. */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve()
    process.stdout.once('error', done)
    process.stdout.write(text, () => {
      process.stdout.removeListener('error', done)
      resolve()
    })
  })
}
