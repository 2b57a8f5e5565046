/**
 * The fast path of bin/run.js. A CLI like azc runs inside loops and scripts, so start-up is its main
 * cost; loading oclif (config, plugins, manifests) and the ACS SDK's many modules costs several
 * times a bare `node -e 0`. When the command line names one of the commands bundled at build time
 * (scripts/build/build-fast.mjs: one CommonJS file, lib/fast/azc.cjs, with every such command, the framework
 * and the SDK), the launcher runs it from that bundle:
 *
 * - only when the bundle is what lib/ holds: the build records the lib/ files it was made from, and
 *   one of them newer than the table (`tsc` run alone, or `tsc --watch`) sends every run to oclif,
 *   which `--debug` says in one line;
 * - the bundle is compiled through vm.Script with a V8 code cache kept in azc's cache folder, so
 *   after the first run V8 skips most parsing and compiling. The cache is only ever read from a
 *   folder and a file that only this user can write, and only when the checksums stored with it match
 *   the bundle and the cache data (V8 itself checks little more than the source's length);
 * - `<command> --help` on a stdout that is not a terminal prints the help text oclif rendered at build
 *   time (byte for byte what oclif prints there);
 * - anything else (see dispatch()) returns false, and bin/run.js runs oclif.
 *
 * The command classes, the framework and the SDK are the same code either way; only oclif's
 * command loading is skipped. AZC_NO_FAST_PATH=1 turns the fast path off.
 */
import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import {createRequire} from 'node:module'
import {homedir} from 'node:os'
import {basename, join} from 'node:path'
import {Script} from 'node:vm'

/** Written by scripts/build/build-fast.mjs next to this file. */
export interface FastTable {
  version: string
  bin: string
  name: string
  /** The bundle, in this folder, and its SHA-256. */
  bundle: string
  sha256: string
  /** The lib/ files the bundle was built from (relative to lib/): none may be newer than the table. */
  inputs: string[]
  /** Command words joined by spaces -> its oclif id, and its help text rendered by oclif at 80 columns. */
  commands: Record<string, {id: string; help: string}>
}

interface Bundle {
  run(id: string, argv: string[], config: {bin: string; name: string; version: string; root: string}): Promise<unknown>
}

/** Which way a command line goes. */
export type Dispatch =
  | {kind: 'oclif'}
  /** The help text rendered at build time is exactly what oclif would print. */
  | {kind: 'help'; words: string}
  | {kind: 'run'; words: string; rest: string[]}

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

  const way = dispatch(argv, table.commands, {helpIsPlain: helpIsPlain()})
  if (way.kind === 'oclif') return false
  const stale = staleInput(table)
  const userPlugins = stale === undefined ? userPluginList(table.bin) : undefined
  if (stale !== undefined || userPlugins !== undefined) {
    // knack decides --debug from the raw arguments, and so does this line.
    if (argv.includes('--debug') && !argv.includes('--only-show-errors')) {
      const why =
        stale === undefined
          ? `${userPlugins} lists user-installed oclif plugins, whose hooks only oclif runs`
          : `lib/${stale} is newer than the bundle in lib/fast (rebuild with npm run build)`
      process.stderr.write(`DEBUG: cli.azc: Fast path not used: ${why}; running through oclif.\n`)
    }
    return false
  }

  if (way.kind === 'help') {
    process.stdout.write(readFileSync(join(here, table.commands[way.words].help), 'utf8'))
    return true
  }

  const bundle = (
    loadBundle(join(here, table.bundle), way.words.replaceAll(' ', '-'), table.sha256) as {default: Bundle}
  ).default
  try {
    await bundle.run(table.commands[way.words].id, way.rest, {
      bin: table.bin,
      name: table.name,
      version: table.version,
      root,
    })
  } catch (error) {
    // Errors.exit(code) from AzCommand's error funnel: the message is already printed.
    const exit = (error as {oclif?: {exit?: number}}).oclif?.exit
    if (exit === undefined) throw error
    process.exit(exit)
  }

  return true
}

/**
 * The way oclif would take, decided as oclif decides (test/fast/dispatch.test.ts checks it against oclif's
 * own functions over thousands of command lines):
 *
 * - the command is the leading words: oclif stops at the first option or `name=value`, and a further word
 *   makes an unknown command (oclif's command_not_found hook);
 * - an exact `--help` before any `--` is oclif's help (served from the build's text when it is the only
 *   argument and oclif would print it plain);
 * - any other argument that argparse could read as help (a prefix of --help, -h alone or among bundled
 *   switches) goes to oclif as well, which runs the command: what it then prints is the command's business;
 * - what is left runs the bundled command, with the arguments oclif would give it.
 */
export function dispatch(
  argv: readonly string[],
  commands: Record<string, unknown>,
  options: {helpIsPlain: boolean},
): Dispatch {
  let words = 0
  while (words < argv.length && !argv[words].startsWith('-') && !argv[words].includes('=')) words++
  const key = argv.slice(0, words).join(' ')
  if (!Object.hasOwn(commands, key)) return {kind: 'oclif'}
  const rest = argv.slice(words)
  const end = rest.indexOf('--')
  if ((end === -1 ? rest : rest.slice(0, end)).includes('--help')) {
    return rest.length === 1 && options.helpIsPlain ? {kind: 'help', words: key} : {kind: 'oclif'}
  }

  if (rest.some((arg) => mayBeHelp(arg))) return {kind: 'oclif'}
  return {kind: 'run', words: key, rest}
}

/** Anything argparse could read as --help (a prefix of it) or -h (alone or among bundled switches). */
export function mayBeHelp(arg: string): boolean {
  if (arg === '--') return false
  if (arg.startsWith('--')) return arg.length >= 3 && '--help'.startsWith(arg.split('=')[0])
  return /^-[^-]*h/.test(arg)
}

/**
 * oclif's list of user-installed plugins (`<data dir>/package.json`, the data dir as oclif finds it), when it
 * exists: their init and prerun hooks run on oclif's path only, so the fast path steps aside.
 */
function userPluginList(bin: string): string | undefined {
  try {
    const scoped = process.env[`${bin.replaceAll(/[/-]/g, '_').toUpperCase()}_DATA_DIR`]
    const dir = scoped || join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), bin)
    const file = join(dir, 'package.json')
    return statSync(file, {throwIfNoEntry: false}) ? file : undefined
  } catch {
    return undefined
  }
}

/** oclif renders help at 80 columns without colour: stdout not a terminal, no OCLIF_COLUMNS or FORCE_COLOR. */
function helpIsPlain(): boolean {
  return !process.stdout.isTTY && !process.env.OCLIF_COLUMNS && !process.env.FORCE_COLOR
}

/** The first lib/ file newer than the table (or missing): the bundle no longer is what lib/ holds. */
export function staleInput(table: Pick<FastTable, 'inputs'>, dir = here): string | undefined {
  // Paths joined by hand: path.join on each of them costs the standalone tarball's help some 4 MB of RSS.
  const lib = join(dir, '..')
  let built: number
  try {
    built = statSync(`${dir}/commands.json`).mtimeMs
  } catch {
    return 'fast/commands.json'
  }

  for (const input of table.inputs) {
    const stats = statSync(`${lib}/${input}`, {throwIfNoEntry: false})
    if (!stats || stats.mtimeMs > built) return input
  }

  return undefined
}

/**
 * Runs a CommonJS bundle (the fast path's, or lib/host/commands.cjs that oclif loads) compiled with the V8 code
 * cache `name` from azc's cache folder, when that cache is verified (see readCodeCache), and writes a new one
 * when there was none or V8 rejected it. Returns the bundle's exports.
 */
export function loadBundle(file: string, name: string, builtHash: string): unknown {
  // The build writes the bundle's SHA-256 beside it (commands.json, lib/host/commands.js), trusted as far as the
  // bundle itself: the cache is checked against it without hashing the bundle at every start.
  const source = readFileSync(file, 'utf8')
  const sourceHash = Buffer.from(builtHash, 'hex')
  const cache = codeCache(name, sourceHash)
  const cachedData = cache ? readCodeCache(cache, sourceHash) : undefined

  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`
  const script = new Script(wrapper, {filename: file, cachedData})
  if (cache && (cachedData === undefined || script.cachedDataRejected)) {
    // After the command, when the functions it ran are compiled too, so the next run gets them.
    process.once('exit', () => writeCodeCache(cache, sourceHash, script.createCachedData()))
  }

  const module = {exports: {}}
  const load = script.runInThisContext() as (...args: unknown[]) => void
  load(module.exports, createRequire(file), module, file, join(file, '..'))
  return module.exports
}

/**
 * A cache file: this header, then V8's data. The checksums are checked before V8 sees the data: V8
 * accepts a cache made for any source of the same length, and would run the code compiled from it.
 */
const MAGIC = Buffer.from('azc-v8-code-cache 1\n')
const HASH = 32
const HEADER = MAGIC.length + 2 * HASH

interface CacheLocation {
  dir: string
  file: string
}

function sha256(data: Buffer): Buffer {
  // Loaded here, not at the top: help and the steps aside to oclif never need it (the SDK loads it anyway).

  return (require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(data).digest()
}

/**
 * `$XDG_CACHE_HOME/azc/code-cache/<command>-<bundle hash>-<node>-<arch>.bin`, undefined where there is no home:
 * two builds of azc (an npm install and the standalone tarball, say) each keep their own.
 */
export function codeCache(name: string, sourceHash: Buffer): CacheLocation | undefined {
  try {
    const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')
    const dir = join(base, 'azc', 'code-cache')
    return {
      dir,
      file: join(dir, `${name}-${sourceHash.toString('hex').slice(0, 12)}-${process.version}-${process.arch}.bin`),
    }
  } catch {
    return undefined
  }
}

const uid = process.getuid?.()

/** Owned by this user and writable by nobody else (a symbolic link does not count). */
function ownedAndPrivate(stats: {uid: number; mode: number}, groupOrOtherBits: number): boolean {
  return (uid === undefined || stats.uid === uid) && (stats.mode & groupOrOtherBits) === 0
}

/** The folder exists, is a real folder of this user, mode 0700 (a wider one of ours is narrowed). */
function privateDir(dir: string): boolean {
  try {
    const stats = lstatSync(dir)
    if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) return false
    if ((stats.mode & 0o077) !== 0) chmodSync(dir, 0o700)
    return true
  } catch {
    return false
  }
}

/** V8's data from a verified cache file, or undefined (then the bundle compiles from source, as on a first run). */
export function readCodeCache(cache: CacheLocation, sourceHash: Buffer): Buffer | undefined {
  if (!privateDir(cache.dir)) return undefined
  let fd: number
  try {
    // O_NOFOLLOW: a symbolic link in the file's place is refused, not followed.
    fd = openSync(cache.file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch {
    return undefined
  }

  try {
    const stats = fstatSync(fd)
    // Only a regular file of this user that nobody else can read or write (0600).
    if (!stats.isFile() || !ownedAndPrivate(stats, 0o077) || stats.size <= HEADER) return undefined
    const content = readFileSync(fd)
    if (!content.subarray(0, MAGIC.length).equals(MAGIC)) return undefined
    const data = content.subarray(HEADER)
    const forSource = content.subarray(MAGIC.length, MAGIC.length + HASH)
    const ofData = content.subarray(MAGIC.length + HASH, HEADER)
    if (!forSource.equals(sourceHash) || !ofData.equals(sha256(data))) return undefined
    return data
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

const WEEK_MS = 7 * 24 * 3600 * 1000

/** The same command's caches for other builds of the bundle, unused for a week (a rebuild leaves one behind). */
function removeOldBuilds(file: string): void {
  const name = basename(file)
  const [command, suffix] = [
    name.replace(/-[0-9a-f]{12}-v[^-]+-[^-]+\.bin$/, ''),
    name.replace(/^.*-[0-9a-f]{12}-/, ''),
  ]
  const dir = join(file, '..')
  for (const other of readdirSync(dir)) {
    if (other === name || !other.startsWith(`${command}-`) || !other.endsWith(`-${suffix}`)) continue
    if (!/^[0-9a-f]{12}$/.test(other.slice(command.length + 1, -suffix.length - 1))) continue
    const path = join(dir, other)
    if (Date.now() - statSync(path).mtimeMs > WEEK_MS) unlinkSync(path)
  }
}

/** Writes the cache file (0600, in a 0700 folder) through a new temporary file and a rename. */
export function writeCodeCache(cache: CacheLocation, sourceHash: Buffer, data: Buffer): void {
  let temp: string | undefined
  try {
    mkdirSync(cache.dir, {recursive: true, mode: 0o700})
    if (!privateDir(cache.dir)) return
    temp = `${cache.file}.${process.pid}.tmp`
    // 'wx': a file (or link) already there under that name makes this fail rather than be written through.
    writeFileSync(temp, Buffer.concat([MAGIC, sourceHash, sha256(data), data]), {mode: 0o600, flag: 'wx'})
    renameSync(temp, cache.file)
    temp = undefined
    removeOldBuilds(cache.file)
  } catch {
    // A cache folder we cannot write only costs speed.
  } finally {
    if (temp) {
      try {
        unlinkSync(temp)
      } catch {
        // Nothing was created.
      }
    }
  }
}
