/**
 * Shared by the distribution tests: commands run to completion with their output kept, a copy of the project to
 * pack, and the oclif config of this package as built in lib/.
 */
import {Config} from '@oclif/core'
import {execFile} from 'node:child_process'
import {copyFileSync, cpSync, mkdirSync, readdirSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'

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

/**
 * The project's sources, copied to `dir` with node_modules linked: packing there (prepack builds lib/, writes the
 * manifest and the README's command docs; oclif pack fills tmp/ and dist/) leaves the checkout as it was.
 */
export function copyProject(dir: string): string {
  mkdirSync(join(dir, 'scripts'), {recursive: true})
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md']) copyFileSync(join(ROOT, file), join(dir, file))
  for (const folder of ['bin', 'src']) cpSync(join(ROOT, folder), join(dir, folder), {recursive: true})
  for (const script of readdirSync(join(ROOT, 'scripts')).filter((name) => /^(pack|build)-.*\.mjs$/.test(name))) {
    copyFileSync(join(ROOT, 'scripts', script), join(dir, 'scripts', script))
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

/** This package's oclif config, loaded from lib/ as bin/run.js loads it (without the user's plugins). */
export function packageConfig(): Promise<Config> {
  return Config.load({root: ROOT, userPlugins: false, pluginAdditions: {core: ['@oclif/plugin-help']}})
}
