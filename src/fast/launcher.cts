/**
 * The fast path of bin/run.js. A CLI like azc runs inside loops and scripts, so start-up is its main
 * cost; loading oclif (config, plugins, manifests) and the ACS SDK's many modules costs several
 * times a bare `node -e 0`. When the command line names one of the commands bundled at build time
 * (scripts/build-fast.mjs: one self-contained CommonJS file per command, oclif replaced by
 * oclif-shim.ts), the launcher runs that bundle directly:
 *
 * - the bundle is compiled through vm.Script with a V8 code cache kept in azc's cache folder, so
 *   after the first run V8 skips most parsing and compiling;
 * - `<command> --help` / `-h` on a stdout that is not a terminal prints the help text oclif rendered
 *   at build time (byte for byte what oclif prints there);
 * - anything else (help on a terminal or with other arguments, unknown or misspelt words, words
 *   after the command, `--version`, other commands) returns false, and bin/run.js runs oclif.
 *
 * The command classes, the framework and the SDK are the same code either way; only oclif's
 * command loading is skipped. AZC_NO_FAST_PATH=1 turns the fast path off.
 */
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {homedir} from 'node:os'
import {basename, join} from 'node:path'
import {Script} from 'node:vm'

/** Written by scripts/build-fast.mjs next to this file. */
interface FastTable {
  version: string
  bin: string
  name: string
  /** Command words joined by spaces -> its bundle, and its help text rendered by oclif at 80 columns. */
  commands: Record<string, {bundle: string; help: string}>
}

interface BundledCommand {
  run(argv: string[], config: {bin: string; name: string; version: string; root: string}): Promise<unknown>
}

// CommonJS, as bin/run.js is: an ES module entry costs Node its ESM loader and facades for the built-ins.
const here = __dirname

/** Runs the command when the fast path can; false when bin/run.js should run oclif instead. */
export async function runFast(argv: string[], root: string): Promise<boolean> {
  if (process.env.AZC_NO_FAST_PATH) return false
  let table: FastTable
  try {
    table = JSON.parse(readFileSync(join(here, 'commands.json'), 'utf8')) as FastTable
  } catch {
    return false
  }

  // The command is the leading words; oclif would treat any further word as an argument or a typo.
  let words = 0
  while (words < argv.length && !argv[words].startsWith('-') && !argv[words].includes('=')) words++
  const entry = table.commands[argv.slice(0, words).join(' ')]
  if (!entry) return false
  const rest = argv.slice(words)

  if (rest.some((arg) => isHelpRequest(arg))) {
    const plainHelp = rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')
    if (!plainHelp || process.stdout.isTTY || process.env.OCLIF_COLUMNS || process.env.FORCE_COLOR) return false
    process.stdout.write(readFileSync(join(here, entry.help), 'utf8'))
    return true
  }

  const command = loadBundle(join(here, entry.bundle))
  try {
    await command.run(rest, {bin: table.bin, name: table.name, version: table.version, root})
  } catch (error) {
    // Errors.exit(code) from AzCommand's error funnel: the message is already printed.
    const exit = (error as {oclif?: {exit?: number}}).oclif?.exit
    if (exit === undefined) throw error
    process.exit(exit)
  }

  return true
}

/** Anything argparse would read as --help (a prefix of it) or -h (alone or among bundled switches). */
function isHelpRequest(arg: string): boolean {
  if (arg === '--') return false
  if (arg.startsWith('--')) return arg.length >= 3 && '--help'.startsWith(arg.split('=')[0])
  return /^-[^-]*h/.test(arg)
}

/**
 * Compiles the bundle with V8's code cache from azc's cache folder, and refreshes the cache when V8
 * rejects it (V8 checks it against the source and its own version and flags, so a rebuilt or
 * upgraded azc just makes a new one in the same file).
 */
function loadBundle(file: string): BundledCommand {
  const source = readFileSync(file, 'utf8')
  const cacheFile = codeCachePath(basename(file, '.cjs'))
  let cachedData: Buffer | undefined
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile)
  } catch {
    // No cache yet: this run makes it.
  }

  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`
  const script = new Script(wrapper, {filename: file, cachedData})
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    // After the command, when the functions it ran are compiled too, so the next run gets them.
    process.once('exit', () => writeAtomically(cacheFile, script.createCachedData()))
  }

  const module = {exports: {} as {default: BundledCommand}}
  const load = script.runInThisContext() as (...args: unknown[]) => void
  load(module.exports, createRequire(file), module, file, join(file, '..'))
  return module.exports.default
}

function codeCachePath(name: string): string | undefined {
  try {
    const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')
    return join(base, 'azc', 'code-cache', `${name}-${process.version}-${process.arch}.bin`)
  } catch {
    return undefined
  }
}

function writeAtomically(file: string, data: Buffer): void {
  try {
    mkdirSync(join(file, '..'), {recursive: true})
    const temp = `${file}.${process.pid}.tmp`
    writeFileSync(temp, data)
    renameSync(temp, file)
  } catch {
    // A cache folder we cannot write only costs speed.
  }
}
