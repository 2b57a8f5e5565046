/**
 * What the invocation core takes: a command's spec (its oclif flag and argument definitions, its
 * status, its run function) and the process context (argv, environment, output streams). Nothing
 * here needs oclif's runtime (Config, plugins, the Command class).
 */
import type {Interfaces} from '@oclif/core'

import type {AzConfig} from '../config.js'
import type {AzCliError} from '../errors.js'
import type {AzLogger} from '../log.js'
import type {OutputFormat} from '../output/formats.js'
import type {CompiledQuery} from '../query/index.js'
import type {CommandStatus} from '../status.js'
import type {FrameworkSettings} from './settings.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FlagDefinitions = Record<string, Interfaces.Flag<any>>
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ArgDefinitions = Record<string, Interfaces.Arg<any>>
export type Example = string | {command: string; description: string}

/** Writes text; the promise (if any) settles when the text is handed on. */
export type Writer = (text: string) => void | Promise<void>

export interface CommandSpec {
  /** oclif's id, `:`-separated: `communication:user-identity:token:issue`. */
  id: string
  /** The CLI's binary (`azc`): argparse's prog is `<bin> <command words>`. */
  bin: string
  /** The command's own flags (oclif definitions). */
  flags?: FlagDefinitions
  /**
   * The flags every command of the CLI has; undefined means the framework's global flags (with
   * `--subscription` unless settings.subscription is false). As oclif's `baseFlags`: exactly these
   * are accepted, and help lists exactly these.
   */
  baseFlags?: FlagDefinitions
  /** Positional arguments (oclif `Args`). */
  args?: ArgDefinitions
  /** oclif's `strict`: false lets unknown options and extra values through to `argv`. */
  strict?: boolean
  /** oclif's `enableJsonFlag`: adds `--json`, which prints what `-o json` prints. */
  enableJsonFlag?: boolean
  /** Printed (az's words) before the command runs; deprecations, then previews, then experimental. */
  status?: CommandStatus | readonly CommandStatus[]
  /** Shown after a usage error, as az's recommender shows a command's examples. */
  examples?: readonly Example[]
  /** Rebranding; az's defaults for anything left out. */
  settings?: Partial<FrameworkSettings>
  /** What a flag's or argument's `parse` gets as its context (oclif passes the command instance). */
  parseContext?: object
  /** Ctrl-C ends the command with exit 130 (default true). */
  exitOnInterrupt?: boolean
  /** The command's work: its result is rendered with --output/--query (undefined/null prints nothing). */
  run(invocation: Invocation): Promise<unknown>
  /** Turns a failure the framework does not know (an SDK error) into an az error; undefined to keep it. */
  translateError?(error: unknown): AzCliError | undefined
  /** Prints the command's help (`--help`, `-h` or a prefix of `--help`); default: a pointer line. */
  showHelp?(): Promise<void>
}

export interface InvocationContext {
  argv: readonly string[]
  /** Environment (default process.env). oclif's `env` flag option reads process.env, as under oclif. */
  env?: NodeJS.ProcessEnv
  /** Default: process.stdout, waiting until the text is handed to the OS; a closed pipe is not an error. */
  stdout?: Writer
  /** Default: process.stderr. */
  stderr?: Writer
  /** Whether colour may be used (default: stdout and stderr are terminals). */
  isTTY?: boolean
}

/** What oclif's parser returned, after az's argparse rules resolved the command line. */
export interface ParsedInput {
  flags: Record<string, unknown>
  args: Record<string, unknown>
  /** Positional values (and with strict = false, unknown options), as oclif's `argv`. */
  argv: unknown[]
  raw: Interfaces.ParserOutput['raw']
  metadata: Interfaces.ParserOutput['metadata']
  nonExistentFlags: string[]
}

/** One run of a command: what the core's steps worked out, handed to `run`. */
export interface Invocation {
  readonly spec: CommandSpec
  readonly settings: FrameworkSettings
  /** `communication user-identity token issue`. */
  readonly commandName: string
  /** `azc communication user-identity token issue`. */
  readonly prog: string
  readonly argv: readonly string[]
  readonly parsed: ParsedInput
  readonly flags: Record<string, unknown>
  readonly args: Record<string, unknown>
  readonly config: AzConfig
  readonly logger: AzLogger
  /** --output, then `core.output`, then json; `--json` means json. */
  readonly outputFormat: OutputFormat
  /** The --query, compiled once while parsing. */
  readonly query?: CompiledQuery
  /** Writes to the context's stdout. */
  write(text: string): Promise<void>
  /** Renders a result with the output format and query, and writes it; the core then prints nothing more. */
  print(result: unknown): Promise<void>
  /** az's confirmation prompt (`--yes`, `core.disable_confirm_prompt`); throws OperationCancelledError. */
  confirm(message?: string): Promise<void>
}
