/**
 * The package's public API: the az-compatible framework for oclif commands (base class, errors,
 * renderOutput, config, logging) and the local ACS Identity emulator.
 */
export * from './framework/index.js'
export {
  type AccessTokenStatus,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from './emulator/index.js'
