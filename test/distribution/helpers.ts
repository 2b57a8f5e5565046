/**
 * Shared by the distribution tests: commands run to completion with their output kept, a copy of the project to
 * pack, and the oclif config of this package as built in lib/.
 */
import {Config} from '@oclif/core'
import {execFile} from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

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
      {
        cwd: options.cwd,
        env: options.env ?? cleanEnv(),
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(Object.assign(error, {stdout, stderr}))
          return
        }
        resolve({code: error ? (error.code as number) : 0, stdout, stderr})
      },
    )
    // A child that exits (or fails to start) before reading its input must not fail the run with `write EPIPE`.
    child.stdin?.on('error', () => {})
    child.stdin?.end(options.input ?? '')
  })
}

/**
 * npm as a command line: the npm running this suite (npm_execpath), else the npm installed beside this Node, run
 * by this Node; `npm` on PATH only when neither is there. Never depends on PATH or on a shell wrapper.
 */
export function npmCommand(): {command: string; args: string[]} {
  const candidates: string[] = []
  const execpath = process.env.npm_execpath
  if (execpath && /\.[cm]?js$/.test(execpath)) candidates.push(execpath.replace(/npx-cli\.js$/, 'npm-cli.js'))
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'))
  const script = candidates.find((file) => existsSync(file))
  return script ? {command: process.execPath, args: [script]} : {command: 'npm', args: []}
}

/** `npm <args>` through npmCommand(). */
export function runNpm(args: string[], options: Parameters<typeof run>[2] = {}): Promise<Run> {
  const npm = npmCommand()
  return run(npm.command, [...npm.args, ...args], options)
}

/** Fails with everything the program printed when it did not exit 0. */
export function succeeded(result: Run, what: string): Run {
  if (result.code !== 0)
    throw new Error(`${what} exited ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`)
  return result
}

/**
 * The project's sources, copied to `dir` with node_modules linked: packing there (prepack builds lib/, writes the
 * manifest and the README's command docs; oclif pack fills tmp/ and dist/) leaves the checkout as it was.
 */
export function copyProject(dir: string): string {
  mkdirSync(join(dir, 'scripts'), {recursive: true})
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md'])
    copyFileSync(join(ROOT, file), join(dir, file))
  for (const folder of ['bin', 'src']) cpSync(join(ROOT, folder), join(dir, folder), {recursive: true})
  // What packing runs: the build steps and the offline Node for oclif pack.
  for (const folder of ['build', 'pack'])
    cpSync(join(ROOT, 'scripts', folder), join(dir, 'scripts', folder), {recursive: true})
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

let packing: Promise<string> | undefined

/**
 * The package's `npm pack` tarball, made once per test run from a copy of the project (packing is the costliest
 * step of the distribution tests) and removed when the run's process exits.
 */
export function packedTarball(): Promise<string> {
  packing ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'azc-pack-'))
    process.once('exit', () => rmSync(dir, {recursive: true, force: true}))
    const env = cleanEnv({npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false'})
    const project = copyProject(join(dir, 'project'))
    const packed = succeeded(
      await runNpm(['pack', '--json', '--pack-destination', dir], {cwd: project, env}),
      'npm pack',
    )
    const [{filename}] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))
    return join(dir, filename)
  })()
  return packing
}

/** This package's oclif config, loaded from lib/ as bin/run.js loads it (without the user's plugins). */
export function packageConfig(): Promise<Config> {
  return Config.load({
    root: ROOT,
    userPlugins: false,
    pluginAdditions: {core: ['@oclif/plugin-help', '@oclif/plugin-autocomplete']},
  })
}

const HOST_COMMAND = `// The host's own command: az behaviour (flags, --query, --output, errors) from the plugin's base class.
import {Flags} from '@oclif/core'
import {AzCommand} from 'azc-communication'

export default class Status extends AzCommand {
  static summary = 'Report the health of a service.'
  static flags = {service: Flags.string({summary: 'Service name.', required: true})}

  async run() {
    return {service: this.flags.service, healthy: true, checks: 3}
  }
}
`

const HOST_BIN = `#!/usr/bin/env node
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
`

/** A command of a host that does not use this package (for measuring the plugin's own load cost). */
export const PLAIN_HOST_COMMAND = `import {Command} from '@oclif/core'

export default class Hello extends Command {
  static summary = 'Say hello.'

  async run() {
    this.log('hello')
  }
}
`

/** A host CLI `ops` in `dir`, depending on `dependencies` (name to version or file: spec). */
export function writeHost(
  dir: string,
  dependencies: Record<string, string>,
  plugins: string[],
  command: {name: string; source: string} = {name: 'status', source: HOST_COMMAND},
): void {
  mkdirSync(join(dir, 'bin'), {recursive: true})
  mkdirSync(join(dir, 'commands'), {recursive: true})
  writeFileSync(join(dir, 'bin', 'run.js'), HOST_BIN, {mode: 0o755})
  writeFileSync(join(dir, 'commands', `${command.name}.js`), command.source)
  const pjson = {
    name: 'ops-host',
    version: '1.0.0',
    private: true,
    type: 'module',
    bin: {ops: './bin/run.js'},
    dependencies,
    oclif: {bin: 'ops', dirname: 'ops-host', commands: './commands', topicSeparator: ' ', plugins},
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pjson, null, 2)}\n`)
  // This project's lock, under the host's root: npm takes the locked versions and prunes what the host does not use.
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'))
  lock.name = pjson.name
  lock.version = pjson.version
  lock.packages[''] = {name: pjson.name, version: pjson.version, dependencies, bin: pjson.bin}
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`)
}

/** The version this project has installed, so the host asks for exactly what the lock and the cache hold. */
export function installedVersion(name: string): string {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version
}
