/**
 * Shared by the distribution tests: a local emulator for the commands to reach, commands run to completion with
 * their output kept, and the oclif config of this package as built in lib/.
 */
import {Config} from '@oclif/core'
import {execFile} from 'node:child_process'

import {startEmulator, type RunningEmulator} from '../../src/emulator/index.js'
import {cleanEnv, ROOT} from '../helpers/cli.js'

export {ROOT}

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a program to its end; a non-zero exit is a result, not an exception. */
export function run(
  command: string,
  args: string[],
  options: {cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string} = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      {cwd: options.cwd, env: options.env ?? cleanEnv(), timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024},
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(Object.assign(error, {stdout, stderr}))
          return
        }
        resolve({code: error ? (error.code as number) : 0, stdout, stderr})
      },
    )
    child.stdin?.end(options.input ?? '')
  })
}

/** Fails with everything the program printed when it did not exit 0. */
export function succeeded(result: Run, what: string): Run {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`)
  return result
}

/** An emulator on a free port of 127.0.0.1, and the connection string that reaches it. */
export async function emulator(): Promise<{connectionString: string; stop: () => Promise<void>}> {
  const running: RunningEmulator = await startEmulator({port: 0, host: '127.0.0.1'})
  return {connectionString: running.connectionString, stop: () => running.close()}
}

/** This package's oclif config, loaded from lib/ as bin/run.js loads it (without the user's plugins). */
export function packageConfig(): Promise<Config> {
  return Config.load({root: ROOT, userPlugins: false, pluginAdditions: {core: ['@oclif/plugin-help']}})
}
