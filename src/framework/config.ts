/**
 * az's configuration: `$AZURE_CONFIG_DIR/config` (default `~/.azure/config`), an INI file read the way
 * Python's configparser reads it, with `AZURE_<SECTION>_<OPTION>` environment variables winning over
 * the file (knack's CLIConfig).
 */
import {readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {AzCliError} from './errors.js'

/** configparser's and knack's boolean words. */
const BOOLEAN_STATES: Record<string, boolean> = {
  '1': true,
  yes: true,
  true: true,
  on: true,
  '0': false,
  no: false,
  false: false,
  off: false,
}

/** A config file that cannot be read as INI, or a value that is not what the option needs. */
export class ConfigError extends AzCliError {}

type Sections = Map<string, Map<string, string>>

export interface AzConfigOptions {
  /** Environment to read AZURE_* variables from (default process.env). */
  env?: NodeJS.ProcessEnv
  /** Overrides AZURE_CONFIG_DIR and the home folder default. */
  configDir?: string
  /** Variable prefix (default AZURE): a host CLI can use its own. */
  envPrefix?: string
  /** The folder used when `<PREFIX>_CONFIG_DIR` is not set (default `~/.azure`). */
  defaultConfigDir?: string
  /** The file's name inside the folder (default `config`). */
  configFile?: string
}

export class AzConfig {
  readonly configDir: string
  readonly configPath: string
  private readonly env: NodeJS.ProcessEnv
  private readonly envPrefix: string
  private sections?: Sections

  constructor(options: AzConfigOptions = {}) {
    this.env = options.env ?? process.env
    this.envPrefix = (options.envPrefix ?? 'AZURE').toUpperCase()
    this.configDir =
      options.configDir ||
      this.env[`${this.envPrefix}_CONFIG_DIR`] ||
      options.defaultConfigDir ||
      join(homedir(), '.azure')
    this.configPath = join(this.configDir, options.configFile ?? 'config')
  }

  /** The environment variable that overrides `section.option`: AZURE_CORE_OUTPUT. */
  envVarName(section: string, option: string): string {
    return `${this.envPrefix}_${section.toUpperCase()}_${option.toUpperCase()}`
  }

  /** The option's value: environment first, then the file; undefined when set in neither. */
  get(section: string, option: string): string | undefined {
    const fromEnv = this.env[this.envVarName(section, option)]
    if (fromEnv !== undefined) return fromEnv
    const file = this.load()
    const sectionValues = file.get(section)
    const defaults = file.get('DEFAULT')
    const key = option.toLowerCase()
    const raw = sectionValues?.get(key) ?? defaults?.get(key)
    if (raw === undefined) return undefined
    return interpolate(raw, key, sectionValues ?? new Map(), defaults ?? new Map(), this.configPath)
  }

  /** A boolean option in az's words (1/yes/true/on, 0/no/false/off, any case). */
  getBoolean(section: string, option: string, fallback: boolean): boolean {
    const value = this.get(section, option)
    if (value === undefined) return fallback
    const parsed = BOOLEAN_STATES[value.toLowerCase()]
    if (parsed === undefined) {
      throw new ConfigError(`Not a boolean: ${value} (${section}.${option}, from ${this.sourceOf(section, option)})`)
    }
    return parsed
  }

  /** Where an option's value comes from, for messages: the variable's name or the file's path. */
  sourceOf(section: string, option: string): string {
    const name = this.envVarName(section, option)
    return this.env[name] === undefined ? this.configPath : name
  }

  /** A view of one section, for commands that read their own options (`communication.connection_string`). */
  section(name: string): ConfigSection {
    return new ConfigSection(this, name)
  }

  private load(): Sections {
    if (this.sections) return this.sections
    let text: string
    try {
      text = readFileSync(this.configPath, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        this.sections = new Map()
        return this.sections
      }
      throw new ConfigError(`Unable to read the config file ${this.configPath}: ${(error as Error).message}`)
    }
    this.sections = parseIni(text, this.configPath)
    return this.sections
  }
}

export class ConfigSection {
  constructor(
    private readonly config: AzConfig,
    readonly name: string,
  ) {}

  get(option: string): string | undefined {
    return this.config.get(this.name, option)
  }

  getBoolean(option: string, fallback: boolean): boolean {
    return this.config.getBoolean(this.name, option, fallback)
  }

  envVarName(option: string): string {
    return this.config.envVarName(this.name, option)
  }
}

/**
 * Parses INI text as Python's configparser.ConfigParser does by default: `[section]` headers,
 * `key = value` or `key: value`, keys lower-cased, `#`/`;` comment lines, indented continuation
 * lines, duplicate sections/options rejected.
 */
export function parseIni(text: string, path = '<config>'): Sections {
  const sections: Sections = new Map()
  let current: Map<string, string> | undefined
  let currentName = ''
  let option: string | undefined
  let optionIndent = 0
  let pending: string[] = []
  const flush = () => {
    if (current && option !== undefined) {
      while (pending.length > 0 && pending.at(-1) === '') pending.pop()
      current.set(option, pending.join('\n'))
    }
    option = undefined
    pending = []
  }

  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  for (const [index, line] of lines.entries()) {
    const stripped = line.trim()
    const fail = (what: string) => {
      throw new ConfigError(`Unable to parse the config file ${path}, line ${index + 1}: ${what}`)
    }

    if (stripped.startsWith('#') || stripped.startsWith(';')) continue
    if (stripped === '') {
      if (option !== undefined) pending.push('')
      continue
    }

    const indent = line.length - line.trimStart().length
    if (current && option !== undefined && indent > optionIndent) {
      pending.push(stripped)
      continue
    }

    const header = /^\[(.+)\]/.exec(stripped)
    if (header) {
      flush()
      currentName = header[1]
      if (sections.has(currentName)) fail(`section '${currentName}' already exists`)
      current = new Map()
      sections.set(currentName, current)
      continue
    }

    if (!current) fail('the file must start with a [section] header')
    const match = /^(.*?)\s*[=:]\s*(.*)$/.exec(stripped)
    if (!match || match[1].trimEnd() === '') fail(`expected 'name = value', found '${stripped}'`)
    flush()
    const name = match![1].trimEnd().toLowerCase()
    if (current!.has(name)) fail(`option '${name}' in section '${currentName}' already exists`)
    option = name
    optionIndent = indent
    pending = [match![2]]
  }

  flush()
  return sections
}

/** configparser's BasicInterpolation: `%%` is a percent sign, `%(name)s` another option's value. */
function interpolate(
  value: string,
  option: string,
  section: Map<string, string>,
  defaults: Map<string, string>,
  path: string,
  depth = 0,
): string {
  if (!value.includes('%')) return value
  if (depth > 10) throw new ConfigError(`Too deep recursion while reading '${option}' in ${path}`)
  return value.replace(/%(%|\(([^)]*)\)s|.?)/g, (whole, what: string, name: string | undefined) => {
    if (what === '%') return '%'
    if (name !== undefined) {
      const key = name.toLowerCase()
      const referenced = section.get(key) ?? defaults.get(key)
      if (referenced === undefined) {
        throw new ConfigError(
          `Bad value substitution in ${path}: option '${option}' refers to '${name}', which is not set`,
        )
      }
      return interpolate(referenced, key, section, defaults, path, depth + 1)
    }
    throw new ConfigError(
      `'%' must be followed by '%' or '(' in the value of '${option}' in ${path}, found: '${whole}'`,
    )
  })
}

/**
 * knack's colour rule, plus NO_COLOR: colour only when stdout and stderr are terminals and neither
 * NO_COLOR nor `core.no_color` turns it off.
 */
export function colorEnabled(config: AzConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (config.getBoolean('core', 'no_color', false)) return false
  return Boolean(process.stdout.isTTY && process.stderr.isTTY)
}
