/**
 * The host CLI of the conformance suite, `opsctl`: an oclif 4 CLI of its own with this package installed from its
 * packed tarball, and commands written the way the README's host-author guide tells an author to write them.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {installedVersion, writeHost} from '../distribution/helpers.js'
import {FEATURES, type Feature} from './features.js'

/** Prints what this.parse() gave: every value with its type, so two runs can be compared as text. */
const DESCRIBE = `
function typed(value) {
  if (value instanceof URL) return {type: 'URL', value: value.href}
  if (Array.isArray(value)) return {type: 'array', value: value.map(typed)}
  if (value === null) return {type: 'null'}
  if (typeof value === 'object') return {type: 'object', value: JSON.parse(JSON.stringify(value))}
  return {type: typeof value, value}
}

export function describeParse(ctor, parsed) {
  const flags = {}
  for (const name of Object.keys(ctor.flags ?? {}).sort()) flags[name] = typed(parsed.flags[name])
  const args = {}
  for (const name of Object.keys(ctor.args ?? {})) args[name] = typed(parsed.args[name])
  return JSON.stringify({flags, args, argv: parsed.argv.map(typed)})
}
`

function featureSource(feature: Feature, kind: 'plain' | 'az'): string {
  const base = kind === 'az' ? 'AzCommand' : 'Command'
  const imports =
    kind === 'az'
      ? `import {Args, Flags} from '@oclif/core'\nimport {AzCommand} from 'azc-communication/framework'\n`
      : `import {Args, Command, Flags} from '@oclif/core'\n`
  return `${imports}import {describeParse} from '../../lib/describe.js'

export default class Feature extends ${base} {
  static summary = 'The ${feature.name} feature.'
  static flags = ${feature.flags ?? '{}'}
  static args = ${feature.args ?? '{}'}
  ${feature.statics ?? ''}

  async run() {
    const parsed = await this.parse(Feature)
    this.log(describeParse(Feature, parsed))
  }
}
`
}

/** Commands that exist only on AzCommand: what it adds, and oclif's Command API in az's voice. */
const AZ_ONLY: Record<string, string> = {
  // A host's own base class adds a flag every command of the host gets.
  'lib/ops-command.js': `import {Flags} from '@oclif/core'
import {AzCommand} from 'azc-communication/framework'

export class OpsCommand extends AzCommand {
  static baseFlags = {...AzCommand.baseFlags, tenant: Flags.string({summary: 'The ops tenant.', helpGroup: 'OPS'})}
}
`,
  'commands/az/base.js': `import {Flags} from '@oclif/core'
import {OpsCommand} from '../../lib/ops-command.js'

export default class Base extends OpsCommand {
  static summary = 'Shows the tenant from the base class.'
  static flags = {name: Flags.string({summary: 'A name.'})}

  async run() {
    const {flags} = await this.parse(Base)
    return {tenant: flags.tenant ?? null, name: flags.name ?? null}
  }
}
`,
  // Rebranded: the host's own config folder and variables, and no --subscription.
  'lib/branded-command.js': `import {AzCommand, frameworkBaseFlags} from 'azc-communication/framework'

export class BrandedCommand extends AzCommand {
  static azFramework = {configDir: '~/.opsctl', configFile: 'settings', envPrefix: 'OPSCTL', cliName: 'opsctl', subscription: false}
  static baseFlags = frameworkBaseFlags(this.azFramework)
}
`,
  'commands/branded/show.js': `import {Flags} from '@oclif/core'
import {BrandedCommand} from '../../lib/branded-command.js'

export default class Show extends BrandedCommand {
  static summary = 'Shows a widget, rebranded.'
  static flags = {name: Flags.string({summary: 'A name.', default: 'w1'})}

  async run() {
    const {flags} = await this.parse(Show)
    return {name: flags.name, size: 2}
  }
}
`,
  'commands/az/json.js': `import {Flags} from '@oclif/core'
import {AzCommand} from 'azc-communication/framework'

export default class Json extends AzCommand {
  static summary = 'Returns a result, with --json.'
  static enableJsonFlag = true
  static flags = {size: Flags.integer({summary: 'Size.', default: 2})}

  async run() {
    const {flags} = await this.parse(Json)
    return {name: 'w1', size: flags.size, tags: ['a', 'b'], ok: true}
  }
}
`,
  'commands/az/voice.js': `import {Flags} from '@oclif/core'
import {AzCommand, ResourceNotFoundError} from 'azc-communication/framework'

export default class Voice extends AzCommand {
  static summary = "oclif's Command API, az's voice."
  static flags = {
    fail: Flags.integer({summary: 'Fail with this exit code.'}),
    warn: Flags.boolean({summary: 'Warn first.'}),
    missing: Flags.boolean({summary: 'Report a missing resource.'}),
    crash: Flags.boolean({summary: 'Throw an unexpected error.'}),
  }

  async run() {
    const {flags} = await this.parse(Voice)
    this.log('logged line')
    if (flags.warn) this.warn('careful now')
    if (flags.missing) throw new ResourceNotFoundError("Widget 'w9' not found.")
    if (flags.crash) throw new TypeError('boom')
    if (flags.fail !== undefined) this.error('it went wrong', {exit: flags.fail})
    return {done: true}
  }
}
`,
  'commands/az/lifecycle.js': `import {Flags} from '@oclif/core'
import {AzCommand} from 'azc-communication/framework'

export default class Lifecycle extends AzCommand {
  static summary = 'Records the lifecycle.'
  static flags = {throw: Flags.boolean({summary: 'Throw in run.'}), recover: Flags.boolean({summary: 'catch() recovers.'})}

  async init() {
    await super.init()
    process.stderr.write('[init]\\n')
  }

  async run() {
    const {flags} = await this.parse(Lifecycle)
    process.stderr.write('[run]\\n')
    if (flags.throw) throw new Error('run failed')
    return {ran: true}
  }

  async catch(error) {
    process.stderr.write('[catch ' + error.message + ']\\n')
    if (this.argv.includes('--recover')) return
    return super.catch(error)
  }

  async finally(error) {
    process.stderr.write('[finally ' + (error ? error.message : 'ok') + ']\\n')
    return super.finally(error)
  }
}
`,
}

/** Writes the host `opsctl` (commands, package.json, lock) in `dir`, depending on the packed `tarball`. */
export function writeConformanceHost(dir: string, tarball: string): void {
  writeHost(
    dir,
    {
      '@oclif/core': installedVersion('@oclif/core'),
      '@oclif/plugin-help': installedVersion('@oclif/plugin-help'),
      'azc-communication': `file:${tarball}`,
    },
    ['@oclif/plugin-help'],
    {
      name: 'hello',
      source: `import {Command} from '@oclif/core'\nexport default class Hello extends Command {\n  async run() {\n    this.log('hello')\n  }\n}\n`,
    },
  )
  mkdirSync(join(dir, 'lib'), {recursive: true})
  writeFileSync(join(dir, 'lib', 'describe.js'), DESCRIBE)
  for (const kind of ['plain', 'az'] as const) {
    mkdirSync(join(dir, 'commands', kind), {recursive: true})
    for (const feature of FEATURES)
      writeFileSync(join(dir, 'commands', kind, `${feature.name}.js`), featureSource(feature, kind))
  }
  for (const [file, source] of Object.entries(AZ_ONLY)) {
    mkdirSync(join(dir, file, '..'), {recursive: true})
    writeFileSync(join(dir, file), source)
  }
}
