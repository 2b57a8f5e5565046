/**
 * The host author's contract, checked from outside: a host CLI built from this package's packed tarball (see
 * host.ts), with one command per oclif flag and argument feature written twice, on oclif's Command and on
 * AzCommand. For valid input both must hand run() the same values of the same types; for invalid input oclif
 * refuses and AzCommand answers as az does (one ERROR: line, exit 2, never a stack trace). Then what AzCommand adds:
 * az's parsing surface, base flags of a host's own base class, --json, this.log/warn/error, the lifecycle, the
 * framework-only entry point and @oclif/test's runCommand.
 */
import {runCommand} from '@oclif/test'
import {expect} from 'chai'
import {appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {cleanEnv, makeTempDir} from '../helpers/cli.js'
import {packedTarball, run, runNpm, succeeded, type Run} from '../distribution/helpers.js'
import {FEATURES} from './features.js'
import {writeConformanceHost} from './host.js'

const STACK_LINE = /^\s+at .+[(:]\d+/m

/** The number of feature cases, stated so that a lost feature fails the suite instead of shrinking it. */
const EXPECTED_CASES = 67

describe('host-author conformance: AzCommand keeps every oclif promise', function () {
  this.timeout(300_000)
  let work: ReturnType<typeof makeTempDir>
  let host: string
  let env: NodeJS.ProcessEnv
  let file: string
  let dir: string

  const opsctl = (argv: string[], extra: Record<string, string> = {}): Promise<Run> =>
    run(process.execPath, [join(host, 'bin', 'run.js'), ...argv], {env: {...env, ...extra}, cwd: work.path})

  before(async () => {
    work = makeTempDir('azc-conformance-')
    env = cleanEnv({
      HOME: join(work.path, 'home'),
      XDG_DATA_HOME: join(work.path, 'data'),
      XDG_CACHE_HOME: join(work.path, 'cache'),
      XDG_CONFIG_HOME: join(work.path, 'config'),
      AZURE_CONFIG_DIR: join(work.path, 'azure'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    })
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'])
      delete env[name]
    mkdirSync(join(work.path, 'home'), {recursive: true})
    file = join(work.path, 'input.txt')
    writeFileSync(file, 'from a file\n')
    dir = join(work.path, 'folder')
    mkdirSync(dir)
    host = join(work.path, 'opsctl')
    writeConformanceHost(host, await packedTarball())
    succeeded(await runNpm(['install', '--prefer-offline', '--no-audit', '--no-fund'], {cwd: host, env}), 'npm install')
  })

  after(() => work?.remove())

  it(`has ${EXPECTED_CASES} feature cases`, () => {
    expect(FEATURES.reduce((sum, feature) => sum + feature.cases.length, 0)).to.equal(EXPECTED_CASES)
  })

  for (const feature of FEATURES) {
    describe(`${feature.name}`, () => {
      for (const testCase of feature.cases) {
        const title = `${testCase.expect === 'same' ? 'same values' : 'az usage error'}: ${feature.name} ${testCase.argv.join(' ')}${
          testCase.env
            ? ` (${Object.entries(testCase.env)
                .map(([k, v]) => `${k}=${v}`)
                .join(' ')})`
            : ''
        }`
        it(title, async () => {
          const argv = testCase.argv.map((arg) => arg.replace('{FILE}', file).replace('{DIR}', dir))
          const [plain, az] = await Promise.all([
            opsctl(['plain', feature.name, ...argv], testCase.env),
            opsctl(['az', feature.name, ...argv], testCase.env),
          ])
          if (testCase.expect === 'same') {
            expect(plain.code, `oclif: ${plain.stderr}`).to.equal(0)
            expect(az.code, `AzCommand: ${az.stderr}`).to.equal(0)
            expect(az.stdout).to.equal(plain.stdout)
            return
          }

          expect(plain.code, `oclif accepted it: ${plain.stdout}`).to.not.equal(0)
          expect(az.code, `AzCommand: ${az.stdout}${az.stderr}`).to.equal(2)
          expect(az.stdout).to.equal('')
          const [first] = az.stderr.split('\n')
          expect(first).to.match(/^ERROR: \S/)
          expect(first).to.match(new RegExp(testCase.message ?? '.'))
          expect(az.stderr).to.not.match(STACK_LINE)
        })
      }
    })
  }

  describe("az's surface on top", () => {
    const parsed = (result: Run) => {
      expect(result.code, result.stderr).to.equal(0)
      return JSON.parse(result.stdout)
    }

    it('takes an unambiguous prefix of a long option, as argparse does', async () => {
      expect(parsed(await opsctl(['az', 'integer', '--cou', '4'])).flags.count.value).to.equal(4)
      const ambiguous = await opsctl(['az', 'string', '--o', 'json'])
      expect(ambiguous.code).to.equal(2)
      expect(ambiguous.stderr.split('\n')[0]).to.equal(
        'ERROR: ambiguous option: --o could match --only-show-errors, --output',
      )
    })

    it('lets the last value of a repeated option win', async () => {
      expect(parsed(await opsctl(['az', 'string', '--name', 'a', '--name', 'b'])).flags.name.value).to.equal('b')
    })

    it('keeps the last list of a repeated multiple option (az), where oclif appends', async () => {
      const az = parsed(await opsctl(['az', 'multiple', '--tag', 'a', 'b', '--tag', 'c']))
      expect(az.flags.tag.value.map((v: {value: string}) => v.value)).to.deep.equal(['c'])
    })

    it('reads @file arguments', async () => {
      expect(parsed(await opsctl(['az', 'string', '--name', `@${file}`])).flags.name.value).to.equal('from a file')
    })

    it("warns about a deprecated flag in az's form", async () => {
      const result = await opsctl(['az', 'aliases', '--old', 'x'])
      expect(result.code).to.equal(0)
      // oclif prints a deprecation's own message; AzCommand prints it as az prints warnings.
      expect(result.stderr).to.equal('WARNING: use --location instead\n')
      expect(result.stderr).to.not.include('›')
    })

    it('renders a returned result with --output and --query', async () => {
      const tsv = await opsctl(['az', 'json', '--query', '{n: name, s: size}', '-o', 'tsv'])
      expect(tsv.code, tsv.stderr).to.equal(0)
      expect(tsv.stdout).to.equal('w1\t2\n')
      // A list of scalars is one value a line in az's tsv.
      expect((await opsctl(['az', 'json', '--query', '[name, size]', '-o', 'tsv'])).stdout).to.equal('w1\n2\n')
    })

    it('--json prints what -o json prints (enableJsonFlag)', async () => {
      const json = await opsctl(['az', 'json', '--json'])
      const output = await opsctl(['az', 'json', '-o', 'json'])
      expect(json.code, json.stderr).to.equal(0)
      expect(json.stdout).to.equal(output.stdout)
      expect(JSON.parse(json.stdout)).to.deep.equal({name: 'w1', ok: true, size: 2, tags: ['a', 'b']})
    })

    it("accepts the flags of a host's own base class, and lists them in help", async () => {
      const result = parsed(await opsctl(['az', 'base', '--tenant', 'contoso', '--name', 'n']))
      expect(result).to.deep.equal({name: 'n', tenant: 'contoso'})
      const help = await opsctl(['az', 'base', '--help'])
      expect(help.code).to.equal(0)
      expect(help.stdout).to.include('--tenant')
      const prefix = parsed(await opsctl(['az', 'base', '--ten', 'fabrikam']))
      expect(prefix.tenant).to.equal('fabrikam')
    })

    it('accepts only what help lists', async () => {
      const unknown = await opsctl(['az', 'string', '--nope', 'x'])
      expect(unknown.code).to.equal(2)
      expect(unknown.stderr.split('\n')[0]).to.equal('ERROR: unrecognized arguments: --nope x')
    })
  })

  describe("oclif's Command API in az's voice", () => {
    it('this.log writes to stdout and the result follows', async () => {
      const result = await opsctl(['az', 'voice'])
      expect(result.code, result.stderr).to.equal(0)
      expect(result.stdout).to.equal('logged line\n{\n  "done": true\n}\n')
    })

    it('this.warn is a WARNING: line, hidden by --only-show-errors', async () => {
      const shown = await opsctl(['az', 'voice', '--warn'])
      expect(shown.stderr).to.equal('WARNING: careful now\n')
      const hidden = await opsctl(['az', 'voice', '--warn', '--only-show-errors'])
      expect(hidden.stderr).to.equal('')
      expect(hidden.code).to.equal(0)
    })

    it('this.error(msg, {exit}) prints ERROR: msg and exits with that code', async () => {
      const result = await opsctl(['az', 'voice', '--fail', '5'])
      expect(result.code).to.equal(5)
      expect(result.stderr).to.equal('ERROR: it went wrong\n')
      expect(result.stdout).to.equal('logged line\n')
    })

    it('exits 3 for a resource that is not found and 1 for an unexpected error, without a stack trace', async () => {
      const missing = await opsctl(['az', 'voice', '--missing'])
      expect(missing.code).to.equal(3)
      expect(missing.stderr).to.equal("ERROR: Widget 'w9' not found.\n")
      const crash = await opsctl(['az', 'voice', '--crash'])
      expect(crash.code).to.equal(1)
      expect(crash.stderr.split('\n')[0]).to.match(/^ERROR: .*boom/)
      expect(crash.stderr).to.not.match(STACK_LINE)
      const debug = await opsctl(['az', 'voice', '--crash', '--debug'])
      expect(debug.stderr).to.match(STACK_LINE)
    })

    it('runs init, run, catch and finally as oclif does', async () => {
      const ok = await opsctl(['az', 'lifecycle'])
      expect(ok.code, ok.stderr).to.equal(0)
      expect(ok.stderr).to.equal('[init]\n[run]\n[finally ok]\n')
      const failed = await opsctl(['az', 'lifecycle', '--throw'])
      expect(failed.code).to.equal(1)
      // As under oclif, the error a catch() rethrows is reported after finally(); a plain Error is az's unexpected one.
      expect(failed.stderr).to.equal(
        '[init]\n[run]\n[catch run failed]\n[finally run failed]\n' +
          'ERROR: The command failed with an unexpected error: run failed\n' +
          'Run the command again with --debug for more details.\n',
      )
      const recovered = await opsctl(['az', 'lifecycle', '--throw', '--recover'])
      expect(recovered.code).to.equal(0)
      expect(recovered.stderr).to.equal('[init]\n[run]\n[catch run failed]\n[finally run failed]\n')
    })
  })

  describe('rebranding', () => {
    it("reads the host's own config file and variables, not az's", async () => {
      const home = join(work.path, 'home')
      mkdirSync(join(home, '.opsctl'), {recursive: true})
      writeFileSync(join(home, '.opsctl', 'settings'), '[core]\noutput = tsv\n')
      const fromFile = await opsctl(['branded', 'show'], {AZURE_CORE_OUTPUT: 'yaml'})
      expect(fromFile.code, fromFile.stderr).to.equal(0)
      expect(fromFile.stdout).to.equal('w1\t2\n')
      const fromEnv = await opsctl(['branded', 'show'], {OPSCTL_CORE_OUTPUT: 'yaml'})
      expect(fromEnv.stdout).to.equal('name: w1\nsize: 2\n')
      rmSync(join(home, '.opsctl'), {recursive: true, force: true})
    })

    it('has no --subscription when the host turns it off: help does not list it and the parser refuses it', async () => {
      const help = await opsctl(['branded', 'show', '--help'])
      expect(help.code).to.equal(0)
      expect(help.stdout).to.include('--output')
      expect(help.stdout).to.not.include('--subscription')
      const refused = await opsctl(['branded', 'show', '--subscription', 'prod'])
      expect(refused.code).to.equal(2)
      expect(refused.stderr.split('\n')[0]).to.equal('ERROR: unrecognized arguments: --subscription prod')
    })

    it('keeps --subscription on commands of the default brand', async () => {
      const help = await opsctl(['az', 'json', '--help'])
      expect(help.stdout).to.include('--subscription')
    })
  })

  describe('the framework-only entry point', () => {
    it('loads no Azure SDK, emulator or ACS command code', async () => {
      const log = join(work.path, 'loaded.txt')
      writeFileSync(
        join(host, 'record-hooks.mjs'),
        `import {appendFileSync} from 'node:fs'\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context)\n  appendFileSync(${JSON.stringify(log)}, result.url + '\\n')\n  return result\n}\n`,
      )
      writeFileSync(
        join(host, 'record.mjs'),
        `import {register} from 'node:module'\nregister('./record-hooks.mjs', import.meta.url)\n`,
      )
      appendFileSync(log, '')
      const result = await run(
        process.execPath,
        ['--import', join(host, 'record.mjs'), join(host, 'bin', 'run.js'), 'az', 'json', '-o', 'tsv'],
        {env, cwd: work.path},
      )
      expect(result.code, result.stderr).to.equal(0)
      const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean)
      expect(loaded.some((url) => url.includes('/azc-communication/'))).to.equal(true)
      const unwanted = loaded.filter((url) =>
        /\/node_modules\/@azure\/|\/azc-communication\/lib\/(emulator|commands|communication)\//.test(url),
      )
      expect(unwanted).to.deep.equal([])
    })
  })

  describe("@oclif/test's runCommand", function () {
    // A runCommand that never returns (output written in a way its capture does not see) fails here, not in 5 min.
    this.timeout(30_000)
    it('captures the stdout and stderr of an AzCommand command', async () => {
      const {stdout, stderr, error} = await runCommand(['az', 'voice', '--warn'], {root: host})
      expect(error).to.equal(undefined)
      expect(stdout).to.equal('logged line\n{\n  "done": true\n}\n')
      expect(stderr).to.equal('WARNING: careful now\n')
    })

    it('reports the exit code of a failing command', async () => {
      const {stderr, error} = await runCommand(['az', 'voice', '--fail', '4'], {root: host})
      expect(error?.oclif?.exit).to.equal(4)
      expect(stderr).to.include('ERROR: it went wrong')
    })
  })
})
