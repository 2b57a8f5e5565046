/**
 * AzCommand: oclif's Command, run by the invocation core (core/invoke.ts). A command written for
 * oclif's `Command` behaves the same on it (flags, args, `this.parse`, `init`, `catch`, `finally`,
 * `this.log`, `this.warn`, `this.error`, `this.exit`) and gains az's surface: argparse's parsing rules
 * and messages, the global options, `@file`, `--output`/`--query` rendering of what `run()` returns,
 * config defaults, status notices, and az's `ERROR:` lines and exit codes.
 *
 * The adapter only translates: it builds the core's spec from the class's statics, and runs oclif's
 * lifecycle (init, run, catch, finally) as the core's run step.
 */
// Subpath imports: a bundle of one command (the fast path) then carries only the parts of oclif a
// command uses, not its whole index (CLI entry, help rendering, plugin commands).
import type {Interfaces} from '@oclif/core'
import {Command} from '@oclif/core/command'
import {exit as oclifExit} from '@oclif/core/errors'
import * as Flags from '@oclif/core/flags'

import {ArgumentTypeError, ArgumentValueError} from './argparse.js'
import type {AzConfig} from './config.js'
import {type AzFlagExtras, globalFlags, subscriptionFlag, withAzConvert, withAzExtras} from './core/global-flags.js'
import {invoke} from './core/invoke.js'
import {type FrameworkSettings, resolveSettings} from './core/settings.js'
import type {CommandSpec, Invocation, ParsedInput} from './core/spec.js'
import type {AzCliError} from './errors.js'
import type {AzLogger} from './log.js'
import type {OutputFormat} from './output/formats.js'
import type {CommandStatus} from './status.js'

export {globalFlags, subscriptionFlag, withAzConvert, withAzExtras, type AzFlagExtras}
export type {BooleanFlag, StringFlag} from './core/global-flags.js'
export type IntegerFlag = Interfaces.OptionFlag<number | undefined> & AzFlagExtras

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
  yes(): Interfaces.BooleanFlag<boolean>
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
  constructor(
    readonly value: number,
    readonly min?: number,
    readonly max?: number,
  ) {
    super(
      min !== undefined && max !== undefined
        ? `${value} is out of range: the value must be between ${min} and ${max}`
        : min === undefined
          ? `${value} is out of range: the value must be at most ${max}`
          : `${value} is out of range: the value must be at least ${min}`,
    )
  }
}

type AzBaseFlags = typeof globalFlags & Partial<typeof subscriptionFlag>
export type AzFlags<T extends typeof Command> = Interfaces.InferredFlags<AzBaseFlags & T['flags']>
export type AzArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** What the core hands to the adapter while a command runs. */
const INVOCATION = Symbol('invocation')

export abstract class AzCommand<T extends typeof Command = typeof Command> extends Command {
  /**
   * The flags every command has (help group GLOBAL): --verbose, --debug, --only-show-errors, --output/-o,
   * --query and --subscription. As under oclif, exactly these are accepted and listed by help; a host
   * base class may replace them: `static baseFlags = frameworkBaseFlags(this.azFramework)` for the
   * framework's set without --subscription when `azFramework.subscription` is false.
   */
  static override baseFlags: AzBaseFlags = {...globalFlags, ...subscriptionFlag}

  /**
   * Rebranding for a host CLI, on its own base class: config folder and file, environment prefix,
   * the name messages use, whether --subscription exists (with `baseFlags = frameworkBaseFlags(this.azFramework)`).
   * Layered over the host's package.json `oclif.azFramework` and az's defaults.
   */
  static azFramework?: Partial<FrameworkSettings>

  /** The command's az status (preview, experimental, deprecated), printed before it runs; several print in order. */
  static status?: CommandStatus | readonly CommandStatus[]

  /** Ctrl-C ends the command with exit 130; a command that stops cleanly on SIGINT itself sets this false. */
  static exitOnInterrupt = true

  /** The parsed flags (own and global), as `(await this.parse()).flags`. */
  protected flags!: AzFlags<T>
  /** The parsed arguments, as `(await this.parse()).args`. */
  protected args!: AzArgs<T>
  /** The configuration: file and `<PREFIX>_*` variables. */
  protected azConfig!: AzConfig
  /** az-style stderr logging. */
  protected logger!: AzLogger
  /** The output format in effect (flag, then `core.output`, then json). */
  protected outputFormat: OutputFormat = 'json'

  private [INVOCATION]?: Invocation

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

  /**
   * The settings in effect: az's, then the CLI's package.json `oclif.azFramework`, then the class's
   * static (`subscription` only through baseFlags, since help reads the class without the CLI's config).
   */
  get azSettings(): FrameworkSettings {
    const pjson = (this.config as {pjson?: {oclif?: {azFramework?: Partial<FrameworkSettings>}}} | undefined)?.pjson
    const {subscription: _ignored, ...fromPjson} = pjson?.oclif?.azFramework ?? {}
    return resolveSettings(fromPjson, (this.ctor as typeof AzCommand).azFramework)
  }

  /** Asks for confirmation the way az does; throws OperationCancelledError when refused. */
  protected async confirm(message?: string): Promise<void> {
    await this[INVOCATION]!.confirm(message)
  }

  /** Turns a failure the framework does not know (an SDK error, say) into an az error; undefined to keep it. */
  protected translateError(_error: unknown): AzCliError | undefined {
    return undefined
  }

  /** oclif's `this.parse`: what the core parsed (az's rules over oclif's parser), whatever is asked for. */
  // oclif's own signature uses `any` in these bounds; an override must match it.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  protected override async parse<
    F extends Interfaces.OutputFlags<any>,
    B extends Interfaces.OutputFlags<any>,
    A extends Interfaces.OutputArgs<any>,
    /* eslint-enable @typescript-eslint/no-explicit-any */
  >(_options?: Interfaces.Input<F, B, A>, _argv?: string[]): Promise<Interfaces.ParserOutput<F, B, A>> {
    const parsed = this[INVOCATION]?.parsed
    if (!parsed) throw new Error('this.parse() is available once the command line is parsed (from init() on)')
    ;(this as unknown as {parsed: boolean}).parsed = true
    return parsed as unknown as Interfaces.ParserOutput<F, B, A>
  }

  /** `WARNING: message` on stderr, hidden by --only-show-errors. */
  override warn(input: Error | string): Error | string {
    const message = input instanceof Error ? input.message : input
    if (this.logger) this.logger.warning(message)
    else process.stderr.write(`WARNING: ${message}\n`)
    return input
  }

  /** `--json` (enableJsonFlag) as the core read it, whatever prefix of it was written. */
  override jsonEnabled(): boolean {
    if (!this.ctor.enableJsonFlag) return false
    const flags = this[INVOCATION]?.flags
    return flags ? flags.json === true : super.jsonEnabled()
  }

  /** As oclif's, without its JSON error body: under az an error is an `ERROR:` line whatever the format. */
  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    throw error
  }

  /** The core's spec for this command: its statics, and oclif's lifecycle as the run step. */
  toInvocationSpec(onResult: (result: unknown) => void = () => {}): CommandSpec {
    const ctor = this.ctor as typeof AzCommand
    const settings = this.azSettings
    return {
      id: this.id ?? '',
      bin: this.config.bin,
      flags: ctor.flags as CommandSpec['flags'],
      // Exactly what help lists: oclif aggregates flags, baseFlags and --json the same way.
      baseFlags: ctor.baseFlags as CommandSpec['baseFlags'],
      args: ctor.args as CommandSpec['args'],
      strict: ctor.strict,
      enableJsonFlag: ctor.enableJsonFlag,
      status: ctor.status,
      examples: (ctor.examples ?? []) as CommandSpec['examples'],
      settings,
      exitOnInterrupt: ctor.exitOnInterrupt,
      parseContext: this,
      translateError: (error) => this.translateError(error),
      showHelp: async () => {
        const {loadHelpClass} = await import('@oclif/core/help')
        const Help = await loadHelpClass(this.config)
        await new Help(this.config).showHelp([this.id ?? ''])
      },
      run: async (invocation) => {
        this.bind(invocation)
        let error: Error | undefined
        try {
          await this.init()
          const result = await this.run()
          onResult(result)
          await invocation.print(result)
        } catch (error_) {
          error = error_ as Error
          await this.catch(error_ as Interfaces.CommandError)
        } finally {
          await this.finally(error)
        }
        return undefined
      },
    }
  }

  /** oclif's entry: the core runs the command; a failure's code ends it through oclif's exit. */
  protected override async _run<R>(): Promise<R> {
    let result: unknown
    const code = await invoke(
      this.toInvocationSpec((value) => (result = value)),
      {argv: this.argv},
    )
    if (code !== 0) oclifExit(code)
    return result as R
  }

  private bind(invocation: Invocation): void {
    this[INVOCATION] = invocation
    this.flags = invocation.flags as AzFlags<T>
    this.args = invocation.args as AzArgs<T>
    this.azConfig = invocation.config
    this.logger = invocation.logger
    this.outputFormat = invocation.outputFormat
  }
}

export type {ParsedInput}
