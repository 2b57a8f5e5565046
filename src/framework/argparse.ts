/**
 * The command-line rules of az, which parses with Python's argparse (3.11): unambiguous prefixes of
 * long options (`--sco chat`), `--opt=value`, `-ovalue`, `nargs='+'` options that take every
 * following value, the last of a repeated option winning, and argparse's exact error messages.
 * Options are described by the oclif flag definitions of the command, so help, manifest and
 * completion stay oclif's while parsing behaves like az.
 */
import {
  ArgumentUsageError,
  InvalidArgumentValueError,
  RequiredArgumentMissingError,
  UnrecognizedArgumentError,
} from './errors.js'
import {pythonStrRepr} from './python/index.js'

export interface OptionSpec {
  /** The key of the parsed value: the oclif flag name. */
  dest: string
  /** As az lists them: long first (`--output`, `-o`). */
  optionStrings: string[]
  /** zero: a switch (store_true); one: a single value; oneOrMore: nargs='+'. */
  nargs: 'zero' | 'one' | 'oneOrMore'
  required?: boolean
  choices?: readonly string[]
  /** An empty value is passed on without the choices check (for a service that reports it better). */
  emptyBypassesChoices?: boolean
  /** Converts one value; throw ArgumentTypeError for argparse's "invalid <type> value" message. */
  convert?: (value: string) => unknown
  /** A switch that stores this value instead of true (`--no-x` of an oclif `allowNo` flag stores false). */
  constValue?: unknown
  /** The value can come from elsewhere (an environment variable, a default): `required` is checked later. */
  requiredElsewhere?: boolean
}

export interface ParseOptions {
  /** Values no option takes are returned as positionals instead of being unrecognized. */
  positionals?: boolean
  /** Unknown options are returned in `unknown` instead of being unrecognized (oclif's `strict = false`). */
  allowUnknown?: boolean
  /**
   * The `help` option ends parsing where it stands, as argparse's help action does (it prints and exits): later
   * arguments, required options and unrecognized ones are not looked at. Off, `help` is an ordinary switch.
   */
  stopAtHelp?: boolean
}

/** Thrown by a converter: argparse reports `argument --x: invalid <typeName> value: '<value>'`. */
export class ArgumentTypeError extends Error {
  constructor(readonly typeName: string) {
    super(`invalid ${typeName} value`)
  }
}

/** Thrown by a converter that wants its own text after `argument --x: `. */
export class ArgumentValueError extends Error {}

export interface ParseResult {
  values: Record<string, unknown>
  /** dest of every option given on the command line, in order. */
  given: string[]
  /** The option string each given option was last written with (`--no-wait`, `-o`), by dest. */
  writtenAs: Record<string, string>
  /** With `positionals`: the values no option took, in order. */
  positionals: string[]
  /** With `allowUnknown`: the options nothing knows, as written. */
  unknown: string[]
}

type Resolved = {spec: OptionSpec | undefined; optionString: string; explicit?: string}

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/

export function parseArguments(
  argv: readonly string[],
  specs: readonly OptionSpec[],
  prog: string,
  options: ParseOptions = {},
): ParseResult {
  const byString = new Map<string, OptionSpec>()
  for (const spec of specs) for (const s of spec.optionStrings) byString.set(s, spec)
  const name = (spec: OptionSpec) => spec.optionStrings.join('/')

  // Classify every argument as an option ('O') or a value ('A'), as argparse does up front.
  const resolved: Array<Resolved | undefined> = []
  let afterDashDash = false
  for (const arg of argv) {
    if (afterDashDash) {
      resolved.push(undefined)
    } else if (arg === '--') {
      afterDashDash = true
      resolved.push({spec: undefined, optionString: '--'})
    } else {
      resolved.push(resolveOptional(arg, byString))
    }
  }

  const values: Record<string, unknown> = {}
  const given: string[] = []
  const writtenAs: Record<string, string> = {}
  const extras: string[] = []
  const positionals: string[] = []
  const unknown: string[] = []
  let optionString = ''
  const store = (spec: OptionSpec, strings: string[]) => {
    given.push(spec.dest)
    writtenAs[spec.dest] = optionString
    if (spec.nargs === 'zero') values[spec.dest] = 'constValue' in spec ? spec.constValue : true
    else if (spec.nargs === 'one') values[spec.dest] = convertValue(spec, strings[0], prog)
    else values[spec.dest] = strings.map((s) => convertValue(spec, s, prog))
  }

  let index = 0
  const helpGiven = () => options.stopAtHelp === true && values.help === true
  while (index < argv.length && !helpGiven()) {
    const option = resolved[index]
    // A value no option took, an unknown option or the '--' separator: argparse reports them as unrecognized.
    if (!option?.spec) {
      const arg = argv[index]
      if (option === undefined && options.positionals) positionals.push(arg)
      else if (option?.optionString === '--' && options.positionals) {
        // argparse: everything after '--' is a positional value.
      } else if (option !== undefined && options.allowUnknown) unknown.push(arg)
      else extras.push(arg)
      index++
      continue
    }

    let spec = option.spec
    let explicit = option.explicit
    optionString = option.optionString
    index++
    if (explicit !== undefined) {
      // Single-dash switches can be bundled: -yo json.
      while (spec.nargs === 'zero' && explicit !== undefined) {
        if (optionString[1] === '-' || explicit === '') {
          throw usage(`argument ${name(spec)}: ignored explicit argument ${pythonStrRepr(explicit)}`)
        }
        store(spec, [])
        optionString = `-${explicit[0]}`
        const next = byString.get(optionString)
        if (!next) throw usage(`argument ${name(spec)}: ignored explicit argument ${pythonStrRepr(explicit)}`)
        spec = next
        explicit = explicit.slice(1) || undefined
      }
      if (explicit !== undefined) {
        store(spec, [explicit])
        continue
      }
      if (spec.nargs === 'zero') {
        store(spec, [])
        continue
      }
    }

    if (spec.nargs === 'zero') {
      store(spec, [])
      continue
    }
    const taken: string[] = []
    while (index < argv.length && resolved[index] === undefined) {
      taken.push(argv[index])
      index++
      if (spec.nargs === 'one') break
    }
    if (taken.length === 0) {
      throw usage(`argument ${name(spec)}: expected ${spec.nargs === 'one' ? 'one argument' : 'at least one argument'}`)
    }
    store(spec, taken)
  }

  if (helpGiven()) return {values, given, writtenAs, positionals, unknown}
  const missing = specs.filter((spec) => spec.required && !spec.requiredElsewhere && !given.includes(spec.dest))
  if (missing.length > 0) {
    throw new RequiredArgumentMissingError(`the following arguments are required: ${missing.map(name).join(', ')}`)
  }
  if (extras.length > 0) throw new UnrecognizedArgumentError(`unrecognized arguments: ${extras.join(' ')}`)
  return {values, given, writtenAs, positionals, unknown}
}

function usage(message: string): ArgumentUsageError {
  return new ArgumentUsageError(message)
}

/** argparse's _parse_optional: undefined for a value, otherwise the option it names (spec undefined when unknown). */
function resolveOptional(arg: string, byString: Map<string, OptionSpec>): Resolved | undefined {
  if (!arg.startsWith('-')) return undefined
  const exact = byString.get(arg)
  if (exact) return {spec: exact, optionString: arg}
  if (arg.length === 1) return undefined
  const equals = arg.indexOf('=')
  if (equals !== -1) {
    const spec = byString.get(arg.slice(0, equals))
    if (spec) return {spec, optionString: arg.slice(0, equals), explicit: arg.slice(equals + 1)}
  }

  const candidates = prefixMatches(arg, byString)
  if (candidates.length > 1) {
    const options = candidates.map((c) => c.optionString).join(', ')
    throw new ArgumentUsageError(`ambiguous option: ${arg} could match ${options}`)
  }
  if (candidates.length === 1) return candidates[0]
  if (NEGATIVE_NUMBER.test(arg)) return undefined
  if (arg.includes(' ')) return undefined
  return {spec: undefined, optionString: arg}
}

/** argparse's _get_option_tuples (allow_abbrev is on in az). */
function prefixMatches(arg: string, byString: Map<string, OptionSpec>): Resolved[] {
  const found: Resolved[] = []
  if (arg.startsWith('--')) {
    const equals = arg.indexOf('=')
    const prefix = equals === -1 ? arg : arg.slice(0, equals)
    const explicit = equals === -1 ? undefined : arg.slice(equals + 1)
    for (const [optionString, spec] of byString) {
      if (optionString.startsWith(prefix)) found.push({spec, optionString, explicit})
    }
  } else {
    const shortPrefix = arg.slice(0, 2)
    const shortExplicit = arg.slice(2)
    for (const [optionString, spec] of byString) {
      if (optionString === shortPrefix) found.push({spec, optionString, explicit: shortExplicit})
      else if (optionString.startsWith(arg)) found.push({spec, optionString})
    }
  }
  return found
}

function convertValue(spec: OptionSpec, raw: string, prog: string): unknown {
  let value: unknown = raw
  if (spec.convert) {
    try {
      value = spec.convert(raw)
    } catch (error) {
      const names = spec.optionStrings.join('/')
      if (error instanceof ArgumentTypeError) {
        throw new ArgumentUsageError(`argument ${names}: invalid ${error.typeName} value: ${pythonStrRepr(raw)}`)
      }
      if (error instanceof ArgumentValueError) throw new ArgumentUsageError(`argument ${names}: ${error.message}`)
      throw error
    }
  }
  const bypass = spec.emptyBypassesChoices && value === ''
  if (spec.choices && !bypass && !spec.choices.includes(value as string)) {
    throw new InvalidArgumentValueError(
      `${prog}: '${String(value)}' is not a valid value for '${spec.optionStrings[0]}'. ` +
        `Allowed values: ${spec.choices.join(', ')}.`,
      {exitCode: 2},
    )
  }
  return value
}
