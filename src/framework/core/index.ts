/**
 * The invocation core: runs one command from its spec and the process context, returns the exit code.
 * No oclif runtime; AzCommand (the oclif adapter) and the fast path call it.
 */
export {reportError} from './errors.js'
export {
  frameworkBaseFlags,
  globalFlags,
  jsonFlag,
  loggingFlags,
  outputFlags,
  subscriptionFlag,
  withAzConvert,
  withAzExtras,
  type AzFlagExtras,
  type BooleanFlag,
  type StringFlag,
} from './global-flags.js'
export {commandFlags, commandName, invoke, processStderr, processStdout} from './invoke.js'
export {
  flagDeprecationNotice,
  parseCommandLine,
  translateParseError,
  type ParseOutcome,
  type ParseRequest,
} from './parse.js'
export {AZ_SETTINGS, resolveSettings, type FrameworkSettings} from './settings.js'
export type {
  ArgDefinitions,
  CommandSpec,
  Example,
  FlagDefinitions,
  Invocation,
  InvocationContext,
  ParsedInput,
  Writer,
} from './spec.js'
