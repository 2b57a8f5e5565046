/**
 * The parse step: az's command-line surface layered on oclif's flag semantics.
 *
 * 1. argparse's rules (argparse.ts) resolve the command line against the oclif definitions: unambiguous
 *    prefixes, `--flag=value`, `-ovalue`, bundled switches, `nargs='+'` for `multiple` flags (the last
 *    list wins), the last value of a repeated option winning, `--no-x` for `allowNo`, required options,
 *    choices, and argparse's exact messages;
 * 2. what it resolved is written out as canonical tokens (`--name=value`, `--no-x`, `-- positionals`)
 *    and handed to oclif's own parser, which gives every value its oclif meaning: types, `parse`,
 *    `env`, `default`, `delimiter`, `exclusive`, `dependsOn`, `exactlyOne`, `relationships`, `Args`;
 * 3. oclif's errors come back as az usage errors (one `ERROR:` line, exit 2).
 */
import type {Interfaces} from '@oclif/core'
import {parse as oclifParse} from '@oclif/core/parser'

import {type OptionSpec, parseArguments} from '../argparse.js'
import {
  ArgumentUsageError,
  InvalidArgumentValueError,
  RequiredArgumentMissingError,
  UnrecognizedArgumentError,
  isAzCliError,
} from '../errors.js'
import {pythonStrRepr} from '../python/index.js'
import type {AzFlagExtras} from './global-flags.js'
import type {ArgDefinitions, FlagDefinitions, ParsedInput} from './spec.js'

type AnyFlag = Interfaces.Flag<unknown> & AzFlagExtras & {allowNo?: boolean; charAliases?: string[]; delimiter?: string}

export interface ParseRequest {
  argv: readonly string[]
  /** Every flag the command accepts (base flags, its own, `--json`), as help lists them. */
  flags: FlagDefinitions
  args?: ArgDefinitions
  strict?: boolean
  /** argparse's prog, for messages. */
  prog: string
  /** What a flag's `parse` gets as `this`/context (the command under oclif). */
  context?: unknown
  /** Extra conversion of one flag's values (the output module compiles --query here). */
  convert?: Record<string, (value: string) => unknown>
}

export interface ParseOutcome {
  /** `--help`, `-h` or a prefix of `--help` was given: nothing else was checked. */
  help: boolean
  parsed?: ParsedInput
  /** The option string each given flag was written with, by flag name. */
  writtenAs: Record<string, string>
  /** The value az's converter gave each given flag (before oclif's parse), by flag name. */
  converted: Record<string, unknown>
}

/** argparse's display name of an option: its option strings joined by '/'. */
function optionNames(name: string, flag: AnyFlag): string[] {
  const names = [`--${name}`]
  if (flag.char) names.push(`-${flag.char}`)
  for (const alias of flag.aliases ?? []) names.push(alias.length === 1 ? `-${alias}` : `--${alias}`)
  for (const alias of flag.charAliases ?? []) names.push(`-${alias}`)
  return names
}

export function optionSpecs(
  flags: FlagDefinitions,
  convert: Record<string, (value: string) => unknown> = {},
  env: NodeJS.ProcessEnv = process.env,
): OptionSpec[] {
  const specs: OptionSpec[] = []
  if (!('help' in flags)) specs.push({dest: 'help', optionStrings: ['--help', '-h'], nargs: 'zero'})
  for (const [name, definition] of Object.entries(flags)) {
    const flag = definition as AnyFlag
    const own = flag.azConvert
    const extra = convert[name]
    const converter = own && extra ? (value: string) => extra(String(own(value))) : (own ?? extra)
    specs.push({
      dest: name,
      optionStrings: optionNames(name, flag),
      nargs: flag.type === 'boolean' ? 'zero' : flag.multiple ? 'oneOrMore' : 'one',
      required: Boolean(flag.required),
      // oclif fills these from the environment or the default before it checks `required`.
      requiredElsewhere: Boolean((flag.env && env[flag.env]) || flag.default !== undefined),
      choices: flag.type === 'option' ? flag.options : undefined,
      emptyBypassesChoices: flag.azEmptyBypassesOptions,
      convert: converter,
    })
    if (flag.type === 'boolean' && flag.allowNo) {
      const negations = [name, ...(flag.aliases ?? [])].map((n) => `--no-${n}`)
      specs.push({dest: name, optionStrings: negations, nargs: 'zero', constValue: false})
    }
  }
  return specs
}

export async function parseCommandLine(request: ParseRequest): Promise<ParseOutcome> {
  const {flags, prog} = request
  const args = request.args ?? {}
  const strict = request.strict !== false
  const argNames = Object.keys(args)
  const specs = optionSpecs(flags, request.convert)
  const result = parseArguments(request.argv, specs, prog, {
    positionals: argNames.length > 0 || !strict,
    allowUnknown: !strict,
    stopAtHelp: true,
  })
  const outcome: ParseOutcome = {help: Boolean(result.values.help), writtenAs: {}, converted: {}}
  if (outcome.help) return outcome

  const variadic = Object.values(args).some((arg) => arg.multiple)
  if (strict && !variadic && result.positionals.length > argNames.length) {
    throw new UnrecognizedArgumentError(
      `unrecognized arguments: ${result.positionals.slice(argNames.length).join(' ')}`,
    )
  }
  for (const [index, input] of result.positionals.entries()) {
    const arg = args[argNames[Math.min(index, argNames.length - 1)]]
    if (arg?.options && !arg.options.includes(input)) {
      const name = argNames[Math.min(index, argNames.length - 1)]
      throw new InvalidArgumentValueError(
        `${prog}: '${input}' is not a valid value for '${name}'. Allowed values: ${arg.options.join(', ')}.`,
        {exitCode: 2},
      )
    }
  }
  const missingArgs = argNames.filter(
    (name, index) => args[name].required && index >= result.positionals.length && args[name].default === undefined,
  )
  if (missingArgs.length > 0) {
    throw new RequiredArgumentMissingError(`the following arguments are required: ${missingArgs.join(', ')}`)
  }

  // The canonical command line: one token per resolved value, so oclif's parser sees no abbreviation,
  // no repetition and no argparse-only form.
  const tokens: string[] = []
  for (const name of new Set(result.given)) {
    if (name === 'help') continue
    const flag = flags[name] as AnyFlag
    const value = result.values[name]
    outcome.writtenAs[name] = result.writtenAs[name]
    outcome.converted[name] = value
    if (flag.type === 'boolean') tokens.push(value === false ? `--no-${name}` : `--${name}`)
    else for (const item of Array.isArray(value) ? value : [value]) tokens.push(`--${name}=${String(item)}`)
  }
  if (result.positionals.length > 0) tokens.push('--', ...result.positionals)

  // A value az lets through its choices (an empty one, for the service to report) passes oclif's too.
  const oclifFlags: FlagDefinitions = {...flags}
  for (const name of result.given) {
    const flag = flags[name] as AnyFlag | undefined
    const value = result.values[name]
    if (flag?.azEmptyBypassesOptions && (value === '' || (Array.isArray(value) && value.includes('')))) {
      oclifFlags[name] = {...flag, options: undefined} as FlagDefinitions[string]
    }
  }

  const context = (request.context ?? {}) as {token?: {arg?: string}}
  let output: Interfaces.ParserOutput
  try {
    output = await oclifParse(tokens, {flags: oclifFlags, args, strict, context: context as never, '--': true} as never)
  } catch (error) {
    throw translateParseError(error, flags, context.token?.arg, result.given)
  }

  const parsedArgv = [...output.argv, ...result.unknown]
  outcome.parsed = {
    flags: output.flags as Record<string, unknown>,
    args: output.args as Record<string, unknown>,
    argv: parsedArgv,
    raw: output.raw,
    metadata: output.metadata,
    nonExistentFlags: result.unknown,
  }
  return outcome
}

/** ANSI colour codes oclif's messages may carry. */
const ANSI = /\u001B\[[\d;]*m/g

/** oclif's parse and validation errors, in az's words (exit 2, as every parse error under az). */
export function translateParseError(
  error: unknown,
  flags: FlagDefinitions,
  argName?: string,
  given: string[] = [],
): Error {
  if (!(error instanceof Error)) return new ArgumentUsageError(String(error))
  if (isAzCliError(error)) return error
  const message = error.message.replaceAll(ANSI, '')
  const name = (flagName: string) => {
    const flag = flags[flagName] as AnyFlag | undefined
    return flag ? optionNames(flagName, flag).join('/') : `--${flagName}`
  }

  // A flag's parse threw: oclif rewrites the message as `Parsing --name \n\t<message>\nSee more help with --help`.
  const parsing = /^Parsing --(\S+) \n\t([\s\S]*?)\nSee more help with --help$/.exec(message)
  if (parsing) {
    const [, flagName, inner] = parsing
    const integer = /^Expected an integer but received: ([\s\S]*)$/.exec(inner)
    if (integer)
      return new ArgumentUsageError(`argument ${name(flagName)}: invalid int value: ${pythonStrRepr(integer[1])}`)
    return new ArgumentUsageError(`argument ${name(flagName)}: ${inner.split('\n')[0]}`)
  }

  const constructorName = error.constructor?.name
  if (constructorName === 'FailedFlagValidationError' || constructorName === 'ViolatedFlagConstraintError') {
    const reasons = message
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .filter(Boolean)
    const first = reasons[0] ?? message
    // argparse's mutually exclusive group message.
    const exclusive = /^--([^\s=]+)(?:=\S*)? cannot also be provided when using --(\S+)$/.exec(first)
    if (exclusive) {
      // argparse names the later of the two first.
      const [earlier, later] =
        given.indexOf(exclusive[1]) < given.indexOf(exclusive[2])
          ? [exclusive[1], exclusive[2]]
          : [exclusive[2], exclusive[1]]
      return new ArgumentUsageError(`argument ${name(later)}: not allowed with argument ${name(earlier)}`)
    }
    const required = /^Missing required flag (\S+)$/.exec(first)
    if (required) {
      const missing = reasons.map((r) => /^Missing required flag (\S+)$/.exec(r)?.[1]).filter(Boolean) as string[]
      return new RequiredArgumentMissingError(
        `the following arguments are required: ${missing.map((m) => name(m)).join(', ')}`,
      )
    }
    return new ArgumentUsageError(first)
  }

  if (argName !== undefined && constructorName !== 'RequiredArgsError' && constructorName !== 'UnexpectedArgsError') {
    // An argument's parse threw.
    return new ArgumentUsageError(`argument ${argName}: ${message.split('\n')[0]}`)
  }
  return new ArgumentUsageError(message.split('\n')[0])
}

/** knack's deprecation notice for an argument (deprecation.py), from oclif's `deprecated` option. */
export function flagDeprecationNotice(
  written: string,
  deprecated: true | {message?: string; to?: string; version?: string | number},
): string {
  if (deprecated !== true && deprecated.message) return deprecated.message
  let text = `Argument '${written}' has been deprecated and will be removed `
  text +=
    deprecated !== true && deprecated.version !== undefined
      ? `in version '${deprecated.version}'.`
      : 'in a future release.'
  if (deprecated !== true && deprecated.to)
    text += ` Use '${deprecated.to.startsWith('-') ? deprecated.to : `--${deprecated.to}`}' instead.`
  return text
}
