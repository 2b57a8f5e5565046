/** The az-compatible framework: what other plugins and tools import. */
export {
  ArgumentRangeError,
  AzCommand,
  azFlags,
  globalFlags,
  subscriptionFlag,
  withAzConvert,
  withAzExtras,
  type AzArgs,
  type AzFlagExtras,
  type AzFlags,
  type IntegerFlagOptions,
} from './az-command.js'
export {
  AZ_SETTINGS,
  commandFlags,
  frameworkBaseFlags,
  invoke,
  jsonFlag,
  loggingFlags,
  outputFlags,
  resolveSettings,
  type ArgDefinitions,
  type CommandSpec,
  type Example,
  type FlagDefinitions,
  type FrameworkSettings,
  type Invocation,
  type InvocationContext,
  type ParsedInput,
  type Writer,
} from './core/index.js'
export {ArgumentTypeError, ArgumentValueError, parseArguments, type OptionSpec} from './argparse.js'
export {AzConfig, ConfigError, ConfigSection, parseIni} from './config.js'
export * from './errors.js'
export {decodeFileContent, expandFileArguments} from './file-args.js'
export {AzLogger, type LogLevel} from './log.js'
export {renderOutput} from './output/index.js'
export {OUTPUT_FORMAT_REGISTRY, OUTPUT_FORMATS, isOutputFormat, type OutputFormat} from './output/formats.js'
export {CONFIRM_QUESTION, NO_TTY_WARNING, confirmOperation} from './prompt.js'
export {PyFloat, markOrdered} from './python/index.js'
export {statusNotice, type CommandStatus} from './status.js'
export {
  AzureSignInCredential,
  AzureSignInError,
  NoAzureCredentialError,
  SIGN_IN_ORDER,
  azureSignIn,
  subscriptionInEffect,
  type AzureSignIn,
  type AzureSignInOptions,
  type SignInCredentialName,
  type SubscriptionInEffect,
} from './azure-credential.js'
