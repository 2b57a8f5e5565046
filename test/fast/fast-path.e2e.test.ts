/**
 * The fast path of bin/run.js (src/fast/launcher.cts) must not change behaviour: every command line
 * gives the same exit code, stdout and stderr with it as with oclif (AZC_NO_FAST_PATH=1), its
 * cached help is oclif's help byte for byte, it steps aside for anything it does not handle or when
 * its bundle is older than lib/ (saying so under --debug), and its V8 code cache is an optimisation
 * only: never read unless this user alone could have written it and its checksums match.
 * (parity.e2e.test.ts runs every bundled command against the emulator both ways.)
 */
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import {join} from 'node:path'

import {CANNED, type CannedService, startCannedService} from '../helpers/canned-acs-service.js'
import {type CliOptions, makeTempDir, ROOT, runCli, runCliInTerminal, runProcess} from '../helpers/cli.js'

const table = JSON.parse(readFileSync(join(ROOT, 'lib', 'fast', 'commands.json'), 'utf8')) as {
  bundle: string
  inputs: string[]
  commands: Record<string, {id: string; help: string}>
}
const BUNDLE = join(ROOT, 'lib', 'fast', table.bundle)
const MAGIC = 'azc-v8-code-cache 1\n'
/** The cache files of this build of the bundle: `<command>-<HASH>-<node>-<arch>.bin`. */
const HASH = createHash('sha256').update(readFileSync(BUNDLE)).digest('hex').slice(0, 12)
const sha256 = async (data: Buffer | string) => (await import('node:crypto')).createHash('sha256').update(data).digest()

/**
 * V8 data for a script of the bundle's exact length (as the launcher wraps it) whose code prints FORGED:
 * V8 checks a cache against little more than the source's length, so it would run this instead of the bundle.
 */
function forgedCache(): {source: string; data: Buffer} {
  const script = `
    const {readFileSync} = require('node:fs')
    const {Script} = require('node:vm')
    const wrap = (s) => '(function (exports, require, module, __filename, __dirname) {' + s + '\\n})'
    const real = readFileSync(process.argv[1], 'utf8')
    const code = "process.stdout.write('FORGED\\\\n');process.exit(0)/*"
    const forged = code + ' '.repeat(real.length - code.length - 2) + '*/'
    if (forged.length !== real.length) throw new Error('length')
    process.stdout.write(JSON.stringify({source: forged, data: new Script(wrap(forged), {filename: process.argv[1]}).createCachedData().toString('base64')}))
  `
  const made = spawnSync(process.execPath, ['-e', script, BUNDLE], {encoding: 'utf8', maxBuffer: 64 << 20})
  if (made.status !== 0) throw new Error(made.stderr)
  const {source, data} = JSON.parse(made.stdout) as {source: string; data: string}
  return {source, data: Buffer.from(data, 'base64')}
}

describe('the fast path', function () {
  this.timeout(120_000)
  let service: CannedService
  let temp: ReturnType<typeof makeTempDir>

  before(async () => {
    service = await startCannedService()
  })
  after(() => service.close())
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => temp.remove())

  const env = (extra: Record<string, string | undefined> = {}) => ({
    AZURE_CONFIG_DIR: join(temp.path, 'config'),
    XDG_CACHE_HOME: join(temp.path, 'cache'),
    ...extra,
  })
  const both = async (args: string[], options: CliOptions = {}) => {
    const fast = await runCli(args, {...options, env: env(options.env)})
    const oclif = await runCli(args, {...options, env: env({...options.env, AZC_NO_FAST_PATH: '1'})})
    return {fast, oclif}
  }

  it('bundles every user-identity command, deprecated names included', () => {
    expect(Object.keys(table.commands).sort()).to.deep.equal([
      'communication identity token get-for-teams-user',
      'communication identity token issue',
      'communication identity token revoke',
      'communication identity user create',
      'communication identity user delete',
      'communication user-identity issue-access-token',
      'communication user-identity token get-for-teams-user',
      'communication user-identity token issue',
      'communication user-identity token revoke',
      'communication user-identity user create',
      'communication user-identity user delete',
    ])
  })

  for (const words of Object.keys(table.commands)) {
    it(`prints oclif's own help for ${words} --help`, async () => {
      const {fast, oclif} = await both([...words.split(' '), '--help'])
      expect(fast.code).to.equal(0)
      expect(fast.stdout).to.equal(oclif.stdout)
      expect(fast.stderr).to.equal(oclif.stderr)
    })
  }

  const lines: Array<[string, string[], Record<string, string>?]> = [
    ['a token for a new user', ['token', 'issue', '--scope', 'chat', '--connection-string', '{cs}']],
    [
      'a token with a query, as tsv',
      [
        'token',
        'issue',
        '--scope',
        'chat',
        '--user',
        CANNED.newUserId,
        '--connection-string',
        '{cs}',
        '--query',
        '{u: user_id}',
        '-o',
        'tsv',
      ],
    ],
    ['yaml from the config file', ['user', 'create', '--connection-string', '{cs}'], {AZURE_CORE_OUTPUT: 'yaml'}],
    ['the connection string from the environment', ['user', 'create'], {AZURE_COMMUNICATION_CONNECTION_STRING: '{cs}'}],
    ['a revoke without a terminal', ['token', 'revoke', '--user', CANNED.newUserId, '--connection-string', '{cs}']],
    [
      'a service error, exit 1',
      [
        'token',
        'issue',
        '--scope',
        'chat',
        '--user',
        '8:acs:00000000-1111-2222-3333-444444444444_x',
        '--connection-string',
        '{cs}',
      ],
    ],
    [
      'a 404, exit 3',
      ['user', 'delete', '--user', `8:acs:${CANNED.resourceId}_missing-1`, '--yes', '--connection-string', '{cs}'],
    ],
    ['a missing option, exit 2', ['token', 'get-for-teams-user', '--client', 'x']],
    ['an unknown option, exit 2', ['user', 'create', '--bogus', '1']],
    ['a query that does not parse, exit 2', ['user', 'create', '--query', '[']],
    ['no connection string, exit 1', ['user', 'create']],
    ['a bad connection string, exit 1', ['user', 'create', '--connection-string', 'endpoint=nope']],
    ['--debug, secrets redacted', ['user', 'create', '--connection-string', '{cs}', '--debug']],
  ]
  for (const [what, args, extraEnv] of lines) {
    it(`gives what oclif gives: ${what}`, async () => {
      const fill = (text: string) => text.replaceAll('{cs}', service.connectionString)
      const filledEnv = Object.fromEntries(Object.entries(extraEnv ?? {}).map(([k, v]) => [k, fill(v)]))
      const {fast, oclif} = await both(['communication', 'user-identity', ...args.map(fill)], {env: filledEnv})
      const stable = (text: string) =>
        text
          .replaceAll(/\d+(\.\d+)? ms\b/g, 'N ms')
          .replaceAll(/'(x-ms-date|date|x-ms-client-request-id|x-ms-request-id|keep-alive)': '[^']*'/gi, "'$1': ''")
          .replaceAll(/Command ran in [\d.]+ seconds \(init: [\d.]+, invoke: [\d.]+\)/g, 'Command ran')
      expect(fast.code).to.equal(oclif.code)
      expect(stable(fast.stdout)).to.equal(stable(oclif.stdout))
      expect(stable(fast.stderr)).to.equal(stable(oclif.stderr))
    })
  }

  for (const answer of ['y', 'n']) {
    it(`asks on a terminal as oclif's path does, answered ${answer}`, async () => {
      const args = [
        'communication',
        'user-identity',
        'token',
        'revoke',
        '--user',
        CANNED.newUserId,
        '--connection-string',
        service.connectionString,
      ]
      const fast = await runCliInTerminal(args, {env: env(), answers: [answer]})
      const oclif = await runCliInTerminal(args, {env: env({AZC_NO_FAST_PATH: '1'}), answers: [answer]})
      expect(fast.code).to.equal(answer === 'y' ? 0 : 1)
      expect(fast.code).to.equal(oclif.code)
      expect(fast.terminal).to.equal(oclif.terminal)
    })
  }

  describe('steps aside for oclif', () => {
    for (const [what, args, extraEnv] of [
      ['a misspelt command', ['communication', 'user-identity', 'tokn', 'issue']],
      ['a word after the command', ['communication', 'user-identity', 'token', 'issue', 'chat']],
      ['help with other arguments', ['communication', 'user-identity', 'user', 'create', '--output', 'json', '--help']],
      ['a prefix of --help', ['communication', 'user-identity', 'user', 'create', '--hel']],
      ['-h (argparse decides, under oclif too)', ['communication', 'user-identity', 'user', 'create', '-h']],
      ['-h on a command with a required option', ['communication', 'user-identity', 'token', 'issue', '-h']],
      ['-h among bundled switches', ['communication', 'user-identity', 'user', 'delete', '-yh']],
      ['--help after --', ['communication', 'user-identity', 'user', 'create', '--', '--help']],
      ['--help=value', ['communication', 'user-identity', 'user', 'create', '--help=1']],
      [
        '--help with CI and COLORTERM set',
        ['communication', 'user-identity', 'user', 'create', '--help'],
        {CI: 'true', COLORTERM: 'truecolor'},
      ],
      ['--help with FORCE_COLOR', ['communication', 'user-identity', 'user', 'create', '--help'], {FORCE_COLOR: '1'}],
      ['another command', ['autocomplete', 'script', 'bash']],
    ] as Array<[string, string[], Record<string, string>?]>) {
      it(what, async () => {
        const {fast, oclif} = await both([...args], {env: extraEnv})
        expect(fast.code).to.equal(oclif.code)
        expect(fast.stdout).to.equal(oclif.stdout)
        expect(fast.stderr).to.equal(oclif.stderr)
      })
    }
  })

  it("steps aside for oclif when the user installed oclif plugins (their hooks run on oclif's path only)", async () => {
    const data = join(temp.path, 'data')
    const plugin = join(data, 'node_modules', 'azc-hook-plugin')
    mkdirSync(plugin, {recursive: true})
    writeFileSync(
      join(plugin, 'package.json'),
      JSON.stringify({
        name: 'azc-hook-plugin',
        version: '1.0.0',
        type: 'module',
        oclif: {hooks: {prerun: './prerun.js'}},
      }),
    )
    writeFileSync(
      join(plugin, 'prerun.js'),
      "export default async function () { process.stderr.write('prerun hook ran\\n') }\n",
    )
    writeFileSync(
      join(data, 'package.json'),
      JSON.stringify({
        private: true,
        dependencies: {'azc-hook-plugin': '1.0.0'},
        oclif: {schema: 1, plugins: [{type: 'user', name: 'azc-hook-plugin'}]},
      }),
    )
    const args = [
      'communication',
      'user-identity',
      'user',
      'create',
      '--connection-string',
      service.connectionString,
      '--query',
      'rawId',
      '-o',
      'tsv',
    ]
    const {fast, oclif} = await both(args, {env: {AZC_DATA_DIR: data}})
    expect(oclif.stderr).to.include('prerun hook ran')
    expect(fast.stdout).to.equal(oclif.stdout)
    expect(fast.stderr).to.equal(oclif.stderr)
    const debug = await runCli([...args, '--debug'], {env: env({AZC_DATA_DIR: data})})
    expect(debug.stderr.split('\n')[0]).to.equal(
      `DEBUG: cli.azc: Fast path not used: ${join(data, 'package.json')} lists user-installed oclif plugins, whose hooks only oclif runs; running through oclif.`,
    )
  })

  describe('V8 code cache', () => {
    const cacheDir = () => join(temp.path, 'cache', 'azc', 'code-cache')
    const cacheFile = () =>
      join(cacheDir(), `communication-user-identity-user-create-${HASH}-${process.version}-${process.arch}.bin`)
    const args = () => [
      'communication',
      'user-identity',
      'user',
      'create',
      '--connection-string',
      service.connectionString,
      '--query',
      'rawId',
      '-o',
      'tsv',
    ]
    const plant = (content: Buffer, mode = 0o600) => {
      mkdirSync(cacheDir(), {recursive: true, mode: 0o700})
      writeFileSync(cacheFile(), content, {mode})
      chmodSync(cacheFile(), mode)
    }
    /** A cache file as the launcher writes one: the header with both checksums, then V8's data. */
    const withHeader = async (source: string, data: Buffer) =>
      Buffer.concat([Buffer.from(MAGIC), await sha256(source), await sha256(data), data])
    const realRuns = async () => {
      const result = await runCli(args(), {env: env()})
      expect(result.stdout, result.stderr).to.equal(`${CANNED.newUserId}\n`)
      expect(result.code).to.equal(0)
    }

    it('is written on the first run, only the user can read or write it, and it is used after', async () => {
      const first = await runCli(args(), {env: env()})
      expect(first.stdout).to.equal(`${CANNED.newUserId}\n`)
      const files = readdirSync(cacheDir())
      expect(files).to.deep.equal([
        `communication-user-identity-user-create-${HASH}-${process.version}-${process.arch}.bin`,
      ])
      expect(statSync(cacheDir()).mode & 0o777, 'folder mode').to.equal(0o700)
      expect(statSync(join(temp.path, 'cache', 'azc')).mode & 0o777, 'folder mode').to.equal(0o700)
      expect(statSync(cacheFile()).mode & 0o777, 'file mode').to.equal(0o600)
      const written = readFileSync(cacheFile())
      expect(written.subarray(0, MAGIC.length).toString()).to.equal(MAGIC)
      const second = await runCli(args(), {env: env()})
      expect(second.stdout).to.equal(first.stdout)
      expect(readFileSync(cacheFile()).equals(written), 'an accepted cache is left as it is').to.equal(true)
    })

    it('is replaced when it is not a valid cache', async () => {
      plant(Buffer.from('not a V8 code cache'))
      await realRuns()
      expect(readFileSync(cacheFile()).length).to.be.greaterThan(1000)
    })

    describe("a forged cache of the bundle's length never runs", () => {
      let forged: {source: string; data: Buffer}
      before(() => {
        forged = forgedCache()
      })

      it('V8 alone would run it (what the checks below are for)', () => {
        const script = `
          const {readFileSync} = require('node:fs')
          const {Script} = require('node:vm')
          const source = readFileSync(process.argv[1], 'utf8')
          const s = new Script('(function (exports, require, module, __filename, __dirname) {' + source + '\\n})',
            {filename: process.argv[1], cachedData: readFileSync(process.argv[2])})
          s.runInThisContext()(exports, require, module, process.argv[1], '.')
        `
        const file = join(temp.path, 'forged.bin')
        writeFileSync(file, forged.data)
        const result = spawnSync(process.execPath, ['-e', script, BUNDLE, file], {encoding: 'utf8'})
        expect(result.stdout).to.equal('FORGED\n')
      })

      it('as V8 wrote it (no checksums)', async () => {
        plant(forged.data)
        await realRuns()
        expect(readFileSync(cacheFile()).subarray(0, MAGIC.length).toString(), 'replaced by a real one').to.equal(MAGIC)
      })

      it('with checksums of the source it was made from', async () => {
        plant(await withHeader(forged.source, forged.data))
        await realRuns()
      })

      it("with the bundle's checksum but not the data's", async () => {
        const real = await withHeader(readFileSync(BUNDLE, 'utf8'), forged.data)
        plant(Buffer.concat([real.subarray(0, MAGIC.length + 32), Buffer.alloc(32), forged.data]))
        await realRuns()
      })

      it('with right checksums, in a file others can write', async () => {
        plant(await withHeader(readFileSync(BUNDLE, 'utf8'), forged.data), 0o644)
        await realRuns()
        expect(statSync(cacheFile()).mode & 0o777, 'rewritten 0600').to.equal(0o600)
      })

      it('with right checksums, through a symbolic link', async () => {
        const elsewhere = join(temp.path, 'elsewhere.bin')
        writeFileSync(elsewhere, await withHeader(readFileSync(BUNDLE, 'utf8'), forged.data), {mode: 0o600})
        mkdirSync(cacheDir(), {recursive: true, mode: 0o700})
        symlinkSync(elsewhere, cacheFile())
        await realRuns()
      })
    })

    it("removes another build's cache of the command once unused for a week, and keeps a recent one", async () => {
      mkdirSync(cacheDir(), {recursive: true, mode: 0o700})
      const [old, recent] = ['0123456789ab', 'ba9876543210'].map((hash) =>
        join(cacheDir(), `communication-user-identity-user-create-${hash}-${process.version}-${process.arch}.bin`),
      )
      const other = join(
        cacheDir(),
        `communication-user-identity-user-delete-0123456789ab-${process.version}-${process.arch}.bin`,
      )
      for (const file of [old, recent, other]) writeFileSync(file, 'x', {mode: 0o600})
      const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000)
      for (const file of [old, other]) utimesSync(file, weekAgo, weekAgo)
      await realRuns()
      expect(existsSync(old)).to.equal(false)
      expect(existsSync(recent)).to.equal(true)
      expect(existsSync(other), "another command's").to.equal(true)
    })

    it('narrows a folder of this user that others could write to 0700', async () => {
      mkdirSync(cacheDir(), {recursive: true})
      chmodSync(cacheDir(), 0o777)
      await realRuns()
      expect(statSync(cacheDir()).mode & 0o777).to.equal(0o700)
      expect(statSync(cacheFile()).mode & 0o777).to.equal(0o600)
    })

    it('costs nothing but speed when the cache folder cannot be written', async () => {
      writeFileSync(join(temp.path, 'not-a-folder'), '')
      const result = await runCli(args(), {env: env({XDG_CACHE_HOME: join(temp.path, 'not-a-folder')})})
      expect(result.code).to.equal(0)
      expect(result.stdout).to.equal(`${CANNED.newUserId}\n`)
      expect(existsSync(join(temp.path, 'not-a-folder', 'azc'))).to.equal(false)
    })
  })

  describe('a bundle older than lib/ is never run', () => {
    /** bin/, lib/ (times kept) and package.json in a temporary folder, node_modules linked. */
    const copy = () => {
      const dir = join(temp.path, 'azc')
      for (const name of ['bin', 'lib'])
        cpSync(join(ROOT, name), join(dir, name), {recursive: true, preserveTimestamps: true})
      for (const name of ['package.json', 'oclif.manifest.json'])
        cpSync(join(ROOT, name), join(dir, name), {preserveTimestamps: true})
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
      return dir
    }
    const runCopy = (dir: string, args: string[], extra: Record<string, string> = {}) =>
      runProcess(process.execPath, [join(dir, 'bin', 'run.js'), ...args], {env: env(extra)})
    const args = () => [
      'communication',
      'user-identity',
      'user',
      'create',
      '--connection-string',
      service.connectionString,
      '--query',
      'rawId',
      '-o',
      'tsv',
    ]
    const STALE_LINE =
      /^DEBUG: cli\.azc: Fast path not used: lib\/\S+ is newer than the bundle in lib\/fast \(rebuild with npm run build\); running through oclif\.$/m

    it('runs a fresh copy on the fast path', async () => {
      const dir = copy()
      const result = await runCopy(dir, [...args(), '--debug'])
      expect(result.code).to.equal(0)
      expect(result.stderr).not.to.match(/Fast path not used/)
      // The fast path writes its code cache for the command.
      expect(
        existsSync(
          join(
            temp.path,
            'cache',
            'azc',
            'code-cache',
            `communication-user-identity-user-create-${HASH}-${process.version}-${process.arch}.bin`,
          ),
        ),
      ).to.equal(true)
    })

    it('after `tsc` alone: runs oclif, and says so in one --debug line', async function () {
      this.timeout(300_000)
      const dir = copy()
      // The build's help text, marked to tell it from oclif's.
      const helpArgs = ['communication', 'user-identity', 'user', 'create', '--help']
      writeFileSync(
        join(dir, 'lib', 'fast', table.commands['communication user-identity user create'].help),
        'BUILD HELP\n',
      )
      expect((await runCopy(dir, helpArgs)).stdout).to.equal('BUILD HELP\n')
      const tsc = await runProcess(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          join(ROOT, 'tsconfig.json'),
          '--outDir',
          join(dir, 'lib'),
        ],
        {cwd: ROOT, timeoutMs: 280_000},
      )
      expect(tsc.code, tsc.stdout).to.equal(0)
      const debug = await runCopy(dir, [...args(), '--debug'])
      expect(debug.code, debug.stderr).to.equal(0)
      expect(debug.stdout).to.equal(`${CANNED.newUserId}\n`)
      expect(debug.stderr.match(new RegExp(STALE_LINE.source, 'gm'))).to.have.length(1)
      expect(debug.stderr.split('\n')[0]).to.match(STALE_LINE)
      const quiet = await runCopy(dir, args())
      expect(quiet.stderr).not.to.match(/Fast path/)
      expect(
        existsSync(join(temp.path, 'cache', 'azc', 'code-cache')),
        'no bundle ran (tsc wrote the commands back)',
      ).to.equal(false)
      // Help too: the build's help text may no longer be oclif's.
      const help = await runCopy(dir, helpArgs)
      expect(help.code).to.equal(0)
      expect(help.stdout).to.include('USAGE')
    })

    it('when one file it was built from is newer (tsc --watch), or gone', async () => {
      const dir = copy()
      const input = table.inputs.find((name) => name.startsWith('framework/'))!
      const later = new Date(statSync(join(dir, 'lib', 'fast', 'commands.json')).mtimeMs + 2000)
      utimesSync(join(dir, 'lib', input), later, later)
      const newer = await runCopy(dir, [...args(), '--debug'])
      expect(newer.stderr).to.include(`DEBUG: cli.azc: Fast path not used: lib/${input} is newer`)
      expect(newer.stdout).to.equal(`${CANNED.newUserId}\n`)
    })
  })
})
