/**
 * The part of @oclif/core that the fast path's bundles need (see launcher.cts): the Command base class,
 * flag definitions as plain objects, and Errors.exit. esbuild substitutes this module for @oclif/core
 * in those bundles only; the plugin itself, its manifest, help and every host keep the real oclif.
 *
 * It is deliberately tiny: AzCommand parses with its own argparse rules and renders its own output,
 * so all it takes from oclif at run time is the constructor, `ctor`, `id`, `config.bin` and the flag
 * definitions' shape (type, char, options, multiple, required, default).
 */

type FlagOptions = Record<string, unknown>

function flag(type: 'boolean' | 'option', options: FlagOptions = {}): FlagOptions {
  return {...options, type}
}

export const Flags = {
  boolean: (options?: FlagOptions) => flag('boolean', options),
  string: (options?: FlagOptions) => flag('option', options),
  integer: (options?: FlagOptions) => flag('option', options),
  option: (options?: FlagOptions) => () => flag('option', options),
}

export class CLIError extends Error {
  oclif: {exit?: number}

  constructor(message: string, options: {exit?: number} = {}) {
    super(message)
    this.oclif = {exit: options.exit ?? 1}
  }
}

export class ExitError extends CLIError {
  code = 'EEXIT'

  constructor(exitCode = 1) {
    super(`EEXIT: ${exitCode}`, {exit: exitCode})
  }
}

export const Errors = {
  CLIError,
  ExitError,
  exit(code = 0): never {
    throw new ExitError(code)
  },
}

/** What AzCommand reads of oclif's Config. */
export interface FastConfig {
  bin: string
  name: string
  version: string
  root: string
}

export class Command {
  static id?: string
  static summary?: string
  static description?: string
  static examples?: unknown[]
  static flags?: Record<string, unknown>
  static baseFlags?: Record<string, unknown>
  static hidden?: boolean
  static plugin?: {version: string}

  id?: string

  constructor(
    public argv: string[],
    public config: FastConfig,
  ) {
    this.id = this.ctor.id
  }

  get ctor(): typeof Command {
    return this.constructor as typeof Command
  }

  static async run(this: new (argv: string[], config: FastConfig) => Command, argv: string[], config: FastConfig): Promise<unknown> {
    return new this(argv, config)._run()
  }

  async _run(): Promise<unknown> {
    return this.run()
  }

  async run(): Promise<unknown> {
    return undefined
  }

  exit(code = 0): never {
    return Errors.exit(code)
  }
}

export async function loadHelpClass(): Promise<never> {
  // The launcher never runs a command in the fast path when help was asked for.
  throw new Error('help is served by @oclif/core, not by the fast path')
}

export type {Interfaces} from '@oclif/core'
