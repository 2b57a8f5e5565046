/**
 * The flags every az command has, each contributed by the module of its concern (logging: --verbose,
 * --debug, --only-show-errors; output: --output, --query; subscription: --subscription), in the order
 * az registers them (argparse lists ambiguous matches in this order).
 */
import type {Interfaces} from '@oclif/core'
import {boolean, string} from '@oclif/core/flags'

import {OUTPUT_FORMATS} from '../output/formats.js'

/** Extra knowledge a flag definition can carry for az-style parsing. */
export interface AzFlagExtras {
  /** Converts the raw value, as an argparse `type=`; throw ArgumentTypeError/ArgumentValueError for az's messages. */
  azConvert?: (value: string) => unknown
  /** An empty value skips the `options` check and reaches the command (the service then reports it, as with az). */
  azEmptyBypassesOptions?: boolean
  /** The value is a credential: it is shown as *** in every log line. */
  azSecret?: boolean
}

/** Attaches an argparse-style converter to an oclif flag definition. */
export function withAzConvert<F extends object>(flag: F, azConvert: (value: string) => unknown): F {
  return Object.assign(flag, {azConvert})
}

/** Attaches az parsing details to an oclif flag definition, keeping its type for oclif's flag inference. */
export function withAzExtras<F extends object>(flag: F, extras: AzFlagExtras): F {
  return Object.assign(flag, extras)
}

export const GLOBAL = 'GLOBAL'

export type BooleanFlag = Interfaces.BooleanFlag<boolean>
export type StringFlag = Interfaces.OptionFlag<string | undefined>

/** The logging module's flags (knack's CLILogging). */
export const loggingFlags: {verbose: BooleanFlag; debug: BooleanFlag; 'only-show-errors': BooleanFlag} = {
  verbose: boolean({helpGroup: GLOBAL, summary: 'Increase logging verbosity. Use --debug for full debug logs.'}),
  debug: boolean({helpGroup: GLOBAL, summary: 'Increase logging verbosity to show all debug logs.'}),
  'only-show-errors': boolean({helpGroup: GLOBAL, summary: 'Only show errors, suppressing warnings.'}),
}

/** The output module's flags (knack's OutputProducer and its query). */
export const outputFlags: {output: StringFlag & AzFlagExtras; query: StringFlag} = {
  output: withAzConvert(
    string({char: 'o', helpGroup: GLOBAL, options: [...OUTPUT_FORMATS], summary: 'Output format.'}),
    // az declares --output with type=str.lower: `-o JSON` is json.
    (value) => value.toLowerCase(),
  ),
  query: string({
    helpGroup: GLOBAL,
    summary: 'JMESPath query string. See http://jmespath.org/ for more information and examples.',
  }),
}

/** The global options in az's order: logging, then output and query. */
export const globalFlags: typeof loggingFlags & typeof outputFlags = {...loggingFlags, ...outputFlags}

/** The subscription module's flag, registered after the global options and before a command's own. */
export const subscriptionFlag: {subscription: StringFlag} = {
  subscription: string({
    helpGroup: GLOBAL,
    summary:
      'Name or ID of subscription. You can configure the default subscription using `az account set -s NAME_OR_ID`.',
  }),
}

/** The base flags for the settings: the global options, and --subscription unless a host turns it off. */
export function frameworkBaseFlags(
  options: {subscription?: boolean; cliName?: string} = {},
): typeof globalFlags & Partial<typeof subscriptionFlag> {
  if (options.subscription === false) return {...globalFlags}
  if (!options.cliName || options.cliName === 'az') return {...globalFlags, ...subscriptionFlag}
  const summary = subscriptionFlag.subscription.summary!.replace('`az ', `\`${options.cliName} `)
  return {...globalFlags, subscription: {...subscriptionFlag.subscription, summary}}
}

/** `--json` of oclif's `enableJsonFlag`, as oclif defines it. */
export const jsonFlag: BooleanFlag = boolean({description: 'Format output as json.', helpGroup: GLOBAL})
