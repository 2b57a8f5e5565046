/**
 * The package's public API: the az-compatible framework for oclif commands (base class, errors,
 * renderOutput, config, logging) and the local ACS Identity emulator.
 */
import type {EmulatorOptions, RunningEmulator} from './emulator/index.js'

export * from './framework/index.js'
export type {AccessTokenStatus, EmulatorOptions, RunningEmulator} from './emulator/index.js'

/**
 * Starts the ACS Identity emulator in this process (see src/emulator/emulator.ts for the options).
 * Loaded on first use, so a host CLI that imports the framework does not pay for the emulator.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await import('./emulator/index.js')
  return emulator.startEmulator(options)
}
