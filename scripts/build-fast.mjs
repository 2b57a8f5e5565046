#!/usr/bin/env node
/**
 * Builds the fast path that bin/run.js tries before oclif (see src/fast/launcher.cts), after `tsc`:
 *
 * - lib/fast/<command>.cjs: each user-identity command with the framework and the ACS SDK in one
 *   CommonJS file (esbuild), @oclif/core replaced by lib/fast/oclif-shim.js;
 * - lib/fast/<command>.help.txt: the command's `--help` exactly as oclif prints it on a stdout that
 *   is not a terminal (rendered by running the CLI with the fast path off);
 * - lib/fast/commands.json: the table the launcher reads.
 *
 * Run by `npm run build`. Nothing here changes what a command does; the bundles are the same code.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

import {build} from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const lib = join(root, 'lib')
const out = join(lib, 'fast')
const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
/** The command folders whose commands run on the fast path (the emulator and completion stay on oclif's). */
const FAST_TOPICS = ['communication/user-identity', 'communication/identity']

function commandFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return commandFiles(path)
    return name.endsWith('.js') ? [path] : []
  })
}

const commands = FAST_TOPICS.flatMap((topic) =>
  existsSync(join(lib, 'commands', topic)) ? commandFiles(join(lib, 'commands', topic)) : [],
).map((file) => {
  const words = relative(join(lib, 'commands'), file).replace(/\.js$/, '').split('/').filter((word) => word !== 'index')
  return {file, words, id: words.join(':'), slug: words.join('-')}
})

const entries = join(root, 'tmp', 'fast-entries')
rmSync(entries, {recursive: true, force: true})
mkdirSync(entries, {recursive: true})
mkdirSync(out, {recursive: true})

// oclif's help on a stdout that is not a terminal: 80 columns, no colour (what the launcher serves it for).
const helpEnv = {...process.env, AZC_NO_FAST_PATH: '1'}
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
 * Built-ins the SDK imports at load time but a run may never use: https and tls (an http:// emulator
 * endpoint needs neither) and zlib (only for a compressed response). They become objects whose
 * properties load the real module on first use, so a run pays for them only when it uses them.
 */
const LAZY_BUILTINS = ['https', 'tls', 'zlib']
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`)
    build.onResolve({filter}, (args) => {
      // The stand-in's own require() is the real module.
      if (args.namespace === 'lazy-builtin') return {path: args.path, external: true}
      return args.kind === 'dynamic-import' ? undefined : {path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin'}
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
 * @azure/identity (Entra ID sign-in, used only under --auth-mode login) stays out of the bundles: its
 * `await import()` becomes a require() from node_modules made when a command first signs in.
 */
const packagesOnDemand = {
  name: 'packages-on-demand',
  setup(build) {
    build.onResolve({filter: /^@azure\/identity$/}, (args) =>
      args.kind === 'dynamic-import' ? {path: args.path, namespace: 'package-on-demand'} : {path: args.path, external: true},
    )
    build.onLoad({filter: /.*/, namespace: 'package-on-demand'}, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)})`,
      loader: 'js',
    }))
  },
}

const table = {version: pjson.version, bin: pjson.oclif.bin, name: pjson.name, commands: {}}
for (const command of commands) {
  const entry = join(entries, `${command.slug}.mjs`)
  writeFileSync(
    entry,
    // The command runs through the invocation core (lib/framework/core), as AzCommand runs it under oclif,
    // without oclif's Config or plugin loading; a failure's code reaches the launcher as oclif's exit error.
    `import Command from ${JSON.stringify(command.file)}\n` +
      `import {invoke} from ${JSON.stringify(join(lib, 'framework', 'core', 'invoke.js'))}\n` +
      `Command.id = ${JSON.stringify(command.id)}\n` +
      'export default {run: async (argv, config) => {\n' +
      '  const code = await invoke(new Command(argv, config).toInvocationSpec(), {argv})\n' +
      '  if (code !== 0) throw Object.assign(new Error(`EEXIT: ${code}`), {oclif: {exit: code}})\n' +
      '}}\n',
  )
  const bundle = `${command.slug}.cjs`
  await build({
    entryPoints: [entry],
    outfile: join(out, bundle),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // oclif reads a tsconfig only for a CLI run from TypeScript sources; the bundle never does.
    external: ['typescript'],
    // The SDK's pipeline asks `typeof FormData` on every request, and in Node that global's first use
    // loads all of undici (~10 ms). These commands never send form data, so the answer is fixed here.
    define: {FormData: 'undefined'},
    // The SDK's ES module builds, so esbuild can leave out what these commands never call (half the size);
    // @azure/communication-identity names its ES build only in "module".
    mainFields: ['module', 'main'],
    plugins: [builtinsOnDemand, lazyBuiltins, packagesOnDemand],
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'eof',
    logLevel: 'warning',
  })

  const help = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), ...command.words, '--help'], {
    encoding: 'utf8',
    env: helpEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (help.status !== 0 || !help.stdout.includes('USAGE')) {
    throw new Error(`could not render the help of ${command.id}:\n${help.stderr}`)
  }
  writeFileSync(join(out, `${command.slug}.help.txt`), help.stdout)
  table.commands[command.words.join(' ')] = {bundle, help: `${command.slug}.help.txt`}
}

writeFileSync(join(out, 'commands.json'), `${JSON.stringify(table, null, 2)}\n`)
rmSync(entries, {recursive: true, force: true})
console.log(`fast path: ${commands.length} commands bundled into lib/fast`)
