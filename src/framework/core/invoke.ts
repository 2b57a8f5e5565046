/**
 * The invocation core: one command line in, one exit code out, the way az (knack) runs a command.
 * It needs no oclif runtime: oclif's AzCommand (az-command.ts) and the fast path's bundles both call
 * it. The steps, each from the module of its concern (modules/):
 *
 * 1. config: the configuration file and `<PREFIX>_*` variables (settings.ts rebrands them);
 * 2. logging: the level from the raw arguments, secrets, the `Command arguments` debug line;
 * 3. `@file` / `@-` arguments;
 * 4. parse (parse.ts): az's argparse surface over oclif's flag semantics; `--help` stops here;
 * 5. output: the format (--output, `core.output`, `--json`) and the --query compiled while parsing;
 * 6. subscription: the --subscription check;
 * 7. status: the preview / experimental / deprecation notices;
 * 8. run, then the result rendered to stdout;
 * 9. errors: every failure printed once as az prints it, and az's exit code (errors.ts).
 */
import {ManualInterruptError} from '../errors.js'
import {expandFileArguments} from '../file-args.js'
import {AzLogger} from '../log.js'
import type {OutputFormat} from '../output/formats.js'
import type {CompiledQuery} from '../query/index.js'
import {colorEnabled} from '../config.js'
import {reportError} from './errors.js'
import {frameworkBaseFlags, jsonFlag} from './global-flags.js'
import {loadConfig} from './modules/config.js'
import {createLogger, logArguments} from './modules/logging.js'
import {outputFormat, queryCompiler, queryEngineFor, renderResult} from './modules/output.js'
import {confirm} from './modules/prompt.js'
import {printStatus} from './modules/status.js'
import {checkSubscription} from './modules/subscription.js'
import {flagDeprecationNotice, parseCommandLine} from './parse.js'
import {type FrameworkSettings, resolveSettings} from './settings.js'
import type {CommandSpec, FlagDefinitions, Invocation, InvocationContext, Writer} from './spec.js'

/** Every flag a command accepts, as oclif aggregates them for help: `--json` first, the base flags, its own. */
export function commandFlags(
  spec: Pick<CommandSpec, 'flags' | 'baseFlags' | 'enableJsonFlag'>,
  settings: FrameworkSettings,
): FlagDefinitions {
  const base = spec.baseFlags ?? (frameworkBaseFlags(settings) as FlagDefinitions)
  const all = {...base, ...spec.flags} as FlagDefinitions
  return spec.enableJsonFlag ? {json: jsonFlag, ...all} : all
}

/** `communication:user-identity:token:issue` as az names it. */
export function commandName(id: string): string {
  return id.split(':').join(' ')
}

/** Writes to process.stdout and waits until the text is handed on; a closed pipe (`| head`) is not an error. */
export const processStdout: Writer = (text) =>
  new Promise<void>((resolve) => {
    const done = () => {
      process.stdout.removeListener('error', done)
      resolve()
    }
    process.stdout.once('error', done)
    // write()'s callback is not used: a stubbed stream (@oclif/test's captureOutput) never calls it.
    if (process.stdout.write(text)) done()
    else process.stdout.once('drain', done)
  })

export const processStderr: Writer = (text) => {
  process.stderr.write(text)
}

/** Runs the command and returns its exit code (0, 1, 2 for usage, 3 for not found, 130 for Ctrl-C, or its own). */
export async function invoke(spec: CommandSpec, context: InvocationContext): Promise<number> {
  const startedAt = performance.now()
  const env = context.env ?? process.env
  const stdout = context.stdout ?? processStdout
  const stderrWrite = context.stderr ?? processStderr
  const writeErr = (text: string) => void stderrWrite(text)
  const state: {logger?: AzLogger; usageHelp?: {prog: string; bin: string}} = {}

  const onSigint = () => {
    process.exitCode = new ManualInterruptError().exitCode
    process.exit()
  }
  const interruptible = spec.exitOnInterrupt !== false
  if (interruptible) process.once('SIGINT', onSigint)
  try {
    const settings = resolveSettings(spec.settings)
    const config = loadConfig(settings, env)
    // knack: colour only when stdout and stderr are terminals and nothing turns it off.
    const color = context.isTTY === false ? false : colorEnabled(config, env)
    const rawArgv = [...context.argv]
    const logger = createLogger(rawArgv, config, {color, write: writeErr})
    state.logger = logger

    const argv = expandFileArguments(rawArgv, {
      onUnreadable: (arg) => logger.debug(`Failed to load '${arg}', assume not a file`),
    })
    const flags = commandFlags(spec, settings)
    const name = commandName(spec.id)
    const prog = `${spec.bin} ${name}`.trim()
    state.usageHelp = {prog, bin: spec.bin}

    let query: CompiledQuery | undefined
    const engine = 'query' in flags ? await queryEngineFor(argv) : undefined
    let outcome
    try {
      outcome = await parseCommandLine({
        argv,
        flags,
        args: spec.args,
        strict: spec.strict,
        prog,
        context: spec.parseContext ?? {},
        convert: engine ? {query: queryCompiler(engine, (compiled) => (query = compiled))} : undefined,
      })
    } finally {
      logArguments(argv, flags, logger)
    }

    if (outcome.help) {
      if (spec.showHelp) await spec.showHelp()
      else await stdout(`Read more about the command with: ${prog} --help\n`)
      return 0
    }

    const parsed = outcome.parsed!
    for (const [flagName, written] of Object.entries(outcome.writtenAs)) {
      const deprecated = (flags[flagName] as {deprecated?: true | {message?: string; to?: string; version?: string}})
        .deprecated
      if (deprecated) logger.warning(flagDeprecationNotice(written, deprecated))
    }

    const format: OutputFormat = outputFormat(parsed.flags, config)
    if (typeof parsed.flags.subscription === 'string') checkSubscription(parsed.flags.subscription, config, logger)
    printStatus(spec.status, logger)

    const write = async (text: string) => {
      if (text) await stdout(text)
    }
    let printed = false
    const invocation: Invocation = {
      spec,
      settings,
      commandName: name,
      prog,
      argv: rawArgv,
      parsed,
      flags: parsed.flags,
      args: parsed.args,
      config,
      logger,
      outputFormat: format,
      query,
      write,
      async print(result) {
        printed = true
        await write(await renderResult(result, {output: format, query, color}))
      },
      confirm: (message) => confirm(parsed.flags, config, logger, message),
    }

    const invokedAt = performance.now()
    const result = await spec.run(invocation)
    // Unless run printed its result itself (AzCommand prints inside oclif's lifecycle, before finally).
    if (!printed) await invocation.print(result)
    if (logger.isEnabled('info')) {
      const now = performance.now()
      const seconds = (ms: number) => (ms / 1000).toFixed(3)
      logger.info(
        `Command ran in ${seconds(now - startedAt)} seconds (init: ${seconds(invokedAt - startedAt)}, ` +
          `invoke: ${seconds(now - invokedAt)})`,
      )
    }
    return 0
  } catch (error) {
    return reportError(error, {
      logger: state.logger ?? new AzLogger({write: writeErr}),
      translate: spec.translateError?.bind(spec),
      examples: spec.examples,
      usage: state.usageHelp,
      commandName: commandName(spec.id),
    })
  } finally {
    process.removeListener('SIGINT', onSigint)
  }
}
