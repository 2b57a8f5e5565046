#!/usr/bin/env node
/**
 * Builds, after `tsc`, the two compact forms of the user-identity commands (FAST_TOPICS), both from lib/:
 *
 * - the fast path that bin/run.js tries before oclif (see src/fast/launcher.cts):
 *   - lib/fast/azc.cjs: every bundled command with the framework and the ACS SDK in one CommonJS file (esbuild);
 *   - lib/fast/help/<command>.txt: each command's `--help` exactly as oclif prints it on a stdout that is not a
 *     terminal (rendered by running the CLI with the fast path off);
 *   - lib/fast/commands.json: the table the launcher reads, with the stamp that tells it whether the bundle is
 *     still what lib/ holds (the lib/ files it was built from: none may be newer than the table);
 * - the commands that oclif loads inside a host CLI (and in azc itself when the fast path steps aside):
 *   lib/host/commands.js, one tree-shaken ES module with the same commands, the framework and the SDK, @oclif/core
 *   left to the host; each lib/commands/<topic>/**.js becomes a one-line re-export of its class from it.
 *
 * Run by `npm run build`. Nothing here changes what a command does; the bundles are the same code.
 */
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {basename, dirname, join, relative, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

import {build} from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const lib = join(root, 'lib')
const out = join(lib, 'fast')
const hostOut = join(lib, 'host')
const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
/**
 * The command folders whose commands are bundled (the emulator and completion stay on oclif's path). A command
 * here must run the same with and without oclif: see the README, "What a command needs to be bundled".
 */
const FAST_TOPICS = ['communication/user-identity', 'communication/identity']
/** The fast path's bundle, in lib/fast/. */
const FAST_BUNDLE = 'azc.cjs'

function commandFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return commandFiles(path)
    return name.endsWith('.js') ? [path] : []
  })
}

const commands = FAST_TOPICS.flatMap((topic) =>
  existsSync(join(lib, 'commands', topic)) ? commandFiles(join(lib, 'commands', topic)) : [],
)
  .map((file) => {
    const words = relative(join(lib, 'commands'), file)
      .replace(/\.js$/, '')
      .split(sep)
      .filter((word) => word !== 'index')
    return {file, words, id: words.join(':'), slug: words.join('-'), exportName: words.join('_').replaceAll('-', '_')}
  })
  .sort((a, b) => a.id.localeCompare(b.id))
const REEXPORT = '// Built by scripts/build/build-fast.mjs'
for (const command of commands) {
  if (readFileSync(command.file, 'utf8').startsWith(REEXPORT)) {
    throw new Error(`${relative(root, command.file)} is already a re-export: run tsc first (npm run build does both)`)
  }
}

/**
 * The fast bundle's entry module. Its default export is what the launcher calls:
 * `run(id, argv, {bin, name, version, root})`, settling when the command is done (an exit code other than 0 is
 * thrown as oclif's Errors.exit does). `alias` replaces modules for this bundle only.
 */
function fastEntry(commands) {
  const imports = commands.map((command, index) => `import C${index} from ${JSON.stringify(command.file)}\n`)
  const table = commands.map((command, index) => `  ${JSON.stringify(command.id)}: C${index},\n`)
  return {
    source:
      `${imports.join('')}import {invoke} from ${JSON.stringify(join(lib, 'framework', 'core', 'invoke.js'))}\n` +
      `const commands = {\n${table.join('')}}\n` +
      'for (const [id, Command] of Object.entries(commands)) Command.id = id\n' +
      // The command runs through the invocation core (lib/framework/core), as AzCommand runs it under oclif,
      // without oclif's Config or plugin loading; a failure's code reaches the launcher as oclif's exit error.
      'export default {run: async (id, argv, config) => {\n' +
      '  const code = await invoke(new commands[id](argv, config).toInvocationSpec(), {argv})\n' +
      '  if (code !== 0) throw Object.assign(new Error(`EEXIT: ${code}`), {oclif: {exit: code}})\n' +
      '}}\n',
    alias: {},
  }
}

const entries = join(root, 'tmp', 'fast-entries')
rmSync(entries, {recursive: true, force: true})
mkdirSync(entries, {recursive: true})
// tsc compiles the launcher into lib/fast; what an earlier run of this script left there goes.
for (const name of [FAST_BUNDLE, 'help', 'commands.json']) rmSync(join(out, name), {recursive: true, force: true})
rmSync(hostOut, {recursive: true, force: true})
mkdirSync(join(out, 'help'), {recursive: true})

// oclif's help on a stdout that is not a terminal: 80 columns, no colour (what the launcher serves it for).
// Its code cache goes to a folder of the build's, not the user's.
const helpEnv = {...process.env, AZC_NO_FAST_PATH: '1', XDG_CACHE_HOME: join(entries, 'cache')}
for (const name of ['OCLIF_COLUMNS', 'FORCE_COLOR', 'NODE_OPTIONS']) delete helpEnv[name]

/**
 * `await import('node:readline')` in the sources (modules loaded only when needed) would stay a real
 * dynamic import, which code run through vm.Script cannot make without --experimental-vm-modules;
 * here it becomes a require() made at the same moment.
 */
const builtinsOnDemand = {
  name: 'builtins-on-demand',
  setup(build) {
    build.onResolve({filter: /^node:/}, (args) =>
      args.kind === 'dynamic-import' ? {path: args.path, namespace: 'builtin-on-demand'} : undefined,
    )
    build.onLoad({filter: /.*/, namespace: 'builtin-on-demand'}, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)})`,
      loader: 'js',
    }))
  },
}

/**
 * Built-ins the code imports at load time but a run may never use: https and tls (an http:// emulator
 * endpoint needs neither), zlib (only for a compressed response), dns (only for an IPv6 endpoint), readline
 * (only for a prompt) and fs/promises (only on oclif's paths the fast path does not take). They become objects whose
 * properties load the real module on first use, so a run pays for them only when it uses them.
 */
const LAZY_BUILTINS = ['https', 'tls', 'zlib', 'dns', 'readline', 'fs/promises']
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`)
    build.onResolve({filter}, (args) => {
      // The stand-in's own require() is the real module.
      if (args.namespace === 'lazy-builtin') return {path: args.path, external: true}
      return args.kind === 'dynamic-import'
        ? undefined
        : {path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin'}
    })
    build.onLoad({filter: /.*/, namespace: 'lazy-builtin'}, async (args) => {
      const names = Object.keys(await import(`node:${args.path}`)).filter((name) => name !== 'default')
      return {
        loader: 'js',
        contents:
          `let real\nconst load = () => (real ??= require(${JSON.stringify(`node:${args.path}`)}))\n` +
          `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, {enumerable: true, get: () => load()[name]})\n`,
      }
    })
  },
}

/**
 * Packages the bundles leave to node_modules and load on demand: @azure/identity (Entra ID sign-in, used only
 * under --auth-mode login) and, in the host module, @oclif/core (the host's own, for help). Code compiled through
 * vm.Script cannot make a real `await import()`, so each becomes a require() made at the same moment.
 */
const packagesOnDemand = {
  name: 'packages-on-demand',
  setup(build) {
    build.onResolve({filter: /^@azure\/identity$/}, (args) =>
      args.kind === 'dynamic-import'
        ? {path: args.path, namespace: 'package-on-demand'}
        : {path: args.path, external: true},
    )
    // Bundled in the fast path (esbuild turns a dynamic import of bundled code into a require); external in the host's.
    build.onResolve({filter: /^@oclif\/core(\/[\w/-]+)?$/}, (args) =>
      args.kind === 'dynamic-import' && build.initialOptions.external?.includes('@oclif/core')
        ? {path: args.path, namespace: 'package-on-demand'}
        : undefined,
    )
    build.onLoad({filter: /.*/, namespace: 'package-on-demand'}, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)})`,
      loader: 'js',
    }))
  },
}

/**
 * Modules of @oclif/core that the parser, the flags and Command load at start but a successful run never uses:
 * help rendering, the error classes of a failed parse (and the list layout of their messages), error handling,
 * config and plugin loading, the module loader and ux. They stay out of the fast bundle: each becomes an object
 * whose properties load the real module, from the @oclif/core installed beside azc (its plugins' dependency, and
 * the framework's peer), on first use. A successful run pays neither their evaluation nor their memory; a failure
 * or help loads oclif's own code, as it would without the fast path.
 */
const LAZY_OCLIF_MODULES = [
  'config/index.js',
  'errors/index.js',
  'errors/handle.js',
  'help/index.js',
  'help/util.js',
  'module-loader.js',
  'parser/errors.js',
  'performance.js',
  'ux/index.js',
  'ux/list.js',
].map((file) => join(root, 'node_modules', '@oclif', 'core', 'lib', ...file.split('/')))
/** Of those, the ones a successful run does use (help/util's id helpers): kept in the bundle, still evaluated late. */
const BUNDLED_LAZY = new Set(['help/util.js'])
const lazyOclifModules = {
  name: 'lazy-oclif-modules',
  setup(build) {
    build.onResolve({filter: /^\./}, async (args) => {
      if (args.kind !== 'require-call' || !args.importer.includes(`${sep}@oclif${sep}core${sep}`)) return undefined
      if (args.namespace === 'lazy-oclif') return {path: join(args.resolveDir, args.path.replace(/\?real$/, ''))}
      const resolved = await build.resolve(args.path, {kind: args.kind, resolveDir: args.resolveDir})
      return LAZY_OCLIF_MODULES.includes(resolved.path) ? {path: resolved.path, namespace: 'lazy-oclif'} : undefined
    })
    build.onLoad({filter: /.*/, namespace: 'lazy-oclif'}, (args) => {
      const real = createRequire(args.path)(args.path)
      const names = Object.keys(real).filter((name) => name !== 'default' && name !== '__esModule')
      return {
        loader: 'js',
        resolveDir: dirname(args.path),
        contents:
          (BUNDLED_LAZY.has(
            relative(join(root, 'node_modules', '@oclif', 'core', 'lib'), args.path)
              .split(sep)
              .join('/'),
          )
            ? // In the bundle, evaluated when first used.
              `let real\nconst load = () => (real ??= require(${JSON.stringify(`./${basename(args.path)}?real`)}))\n`
            : // From the @oclif/core next to the CLI (by path: not every module is in its exports), when first used.
              `let real\nconst load = () => (real ??= require(require('node:path').join(require('node:path').dirname(require('node:module').createRequire(__filename).resolve('@oclif/core/package.json')), ${JSON.stringify(
                relative(join(root, 'node_modules', '@oclif', 'core'), args.path)
                  .split(sep)
                  .join('/'),
              )})))\n`) +
          `Object.defineProperty(exports, '__esModule', {value: true})\n` +
          `for (const name of ${JSON.stringify([...names, 'default'])}) Object.defineProperty(exports, name, {enumerable: true, get: () => load()[name]})\n`,
      }
    })
  },
}

/** What both bundles share: the same code, the same trimming of the SDK. */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // oclif reads a tsconfig only for a CLI run from TypeScript sources; the bundle never does.
  external: ['typescript'],
  // The SDK's pipeline asks `typeof FormData` on every request, and in Node that global's first use
  // loads all of undici (~10 ms). These commands never send form data, so the answer is fixed here.
  define: {FormData: 'undefined'},
  // The SDK's ES module builds, so esbuild can leave out what these commands never call (half the size);
  // @azure/communication-identity names its ES build only in "module".
  mainFields: ['module', 'main'],
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
}

// 1. The fast path's bundle, from the commands as tsc wrote them.
const fast = fastEntry(commands)
writeFileSync(join(entries, 'fast.mjs'), fast.source)
const fastBuild = await build({
  ...common,
  entryPoints: [join(entries, 'fast.mjs')],
  outfile: join(out, FAST_BUNDLE),
  format: 'cjs',
  alias: fast.alias,
  plugins: [builtinsOnDemand, lazyBuiltins, packagesOnDemand, lazyOclifModules],
})
/** The lib/ files a bundle was built from, relative to lib/ with forward slashes. */
const libInputs = (metafile) =>
  Object.keys(metafile.inputs)
    .map((input) => join(root, input))
    .filter((path) => path.startsWith(lib + sep))
    .map((path) => relative(lib, path).split(sep).join('/'))
    .sort()

// 2. The host's module: the same commands for oclif to load, @oclif/core (a peer dependency) left to the host.
// A CommonJS bundle that lib/host/commands.js compiles with the launcher's verified V8 code cache (Node 20 has
// no compile cache for ES modules), and re-exports.
const hostEntry = join(entries, 'host.mjs')
writeFileSync(
  hostEntry,
  commands.map((c) => `export {default as ${c.exportName}} from ${JSON.stringify(c.file)}\n`).join(''),
)
await build({
  ...common,
  entryPoints: [hostEntry],
  outfile: join(hostOut, 'commands.cjs'),
  format: 'cjs',
  external: ['@oclif/core', 'typescript'],
  plugins: [builtinsOnDemand, lazyBuiltins, packagesOnDemand],
})
const hostHash = createHash('sha256')
  .update(readFileSync(join(hostOut, 'commands.cjs')))
  .digest('hex')
writeFileSync(
  join(hostOut, 'commands.js'),
  `${REEXPORT}: the user-identity commands as oclif loads them, from commands.cjs.\n` +
    "import {createRequire} from 'node:module'\n" +
    "import {fileURLToPath} from 'node:url'\n\n" +
    "const {loadBundle} = createRequire(import.meta.url)('../fast/launcher.cjs')\n" +
    `const bundle = loadBundle(fileURLToPath(new URL('commands.cjs', import.meta.url)), 'host', '${hostHash}')\n` +
    commands.map((c) => `export const ${c.exportName} = bundle.${c.exportName}\n`).join(''),
)
for (const command of commands) {
  const target = relative(dirname(command.file), join(hostOut, 'commands.js')).split(sep).join('/')
  writeFileSync(
    command.file,
    `${REEXPORT}: the command's code is in lib/host/commands.cjs, with the others.\n` +
      `export {${command.exportName} as default} from '${target.startsWith('.') ? target : `./${target}`}'\n`,
  )
}

// 3. Help, rendered by oclif (which now loads the host module: this also checks that module).
const table = {
  version: pjson.version,
  bin: pjson.oclif.bin,
  name: pjson.name,
  bundle: FAST_BUNDLE,
  sha256: createHash('sha256')
    .update(readFileSync(join(out, FAST_BUNDLE)))
    .digest('hex'),
  /** lib/ files the bundle holds: when one is newer than this table, lib/ was rebuilt without the bundle. */
  inputs: libInputs(fastBuild.metafile),
  commands: {},
}
for (const command of commands) {
  const help = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), ...command.words, '--help'], {
    encoding: 'utf8',
    env: helpEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (help.status !== 0 || !help.stdout.includes('USAGE')) {
    throw new Error(`could not render the help of ${command.id}:\n${help.stderr}`)
  }
  writeFileSync(join(out, 'help', `${command.slug}.txt`), help.stdout)
  table.commands[command.words.join(' ')] = {id: command.id, help: `help/${command.slug}.txt`}
}

// Last, so that it is newer than every file the bundle was built from.
writeFileSync(join(out, 'commands.json'), `${JSON.stringify(table, null, 2)}\n`)
rmSync(entries, {recursive: true, force: true})
const size = (file) => `${Math.round(statSync(file).size / 1024)} KB`
console.log(
  `fast path: ${commands.length} commands in lib/fast/${FAST_BUNDLE} (${size(join(out, FAST_BUNDLE))}); ` +
    `host module lib/host/commands.js (${size(join(hostOut, 'commands.js'))})`,
)
