/**
 * The fast path of bin/run.js (src/fast/launcher.cts) must not change behaviour: every command line
 * gives the same exit code, stdout and stderr with it as with oclif (AZC_NO_FAST_PATH=1), its
 * cached help is oclif's help byte for byte, it steps aside for anything it does not handle, and
 * its V8 code cache is an optimisation only.
 */
import {expect} from 'chai'
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {CANNED, type CannedService, startCannedService} from '../helpers/canned-acs-service.js'
import {type CliOptions, makeTempDir, ROOT, runCli, runCliInTerminal} from '../helpers/cli.js'

const table = JSON.parse(readFileSync(join(ROOT, 'lib', 'fast', 'commands.json'), 'utf8')) as {
  commands: Record<string, {bundle: string; help: string}>
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
    ['a token with a query, as tsv', ['token', 'issue', '--scope', 'chat', '--user', CANNED.newUserId, '--connection-string', '{cs}', '--query', '{u: user_id}', '-o', 'tsv']],
    ['yaml from the config file', ['user', 'create', '--connection-string', '{cs}'], {AZURE_CORE_OUTPUT: 'yaml'}],
    ['the connection string from the environment', ['user', 'create'], {AZURE_COMMUNICATION_CONNECTION_STRING: '{cs}'}],
    ['a revoke without a terminal', ['token', 'revoke', '--user', CANNED.newUserId, '--connection-string', '{cs}']],
    ['a service error, exit 1', ['token', 'issue', '--scope', 'chat', '--user', '8:acs:00000000-1111-2222-3333-444444444444_x', '--connection-string', '{cs}']],
    ['a 404, exit 3', ['user', 'delete', '--user', `8:acs:${CANNED.resourceId}_missing-1`, '--yes', '--connection-string', '{cs}']],
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
      const args = ['communication', 'user-identity', 'token', 'revoke', '--user', CANNED.newUserId, '--connection-string', service.connectionString]
      const fast = await runCliInTerminal(args, {env: env(), answers: [answer]})
      const oclif = await runCliInTerminal(args, {env: env({AZC_NO_FAST_PATH: '1'}), answers: [answer]})
      expect(fast.code).to.equal(answer === 'y' ? 0 : 1)
      expect(fast.code).to.equal(oclif.code)
      expect(fast.terminal).to.equal(oclif.terminal)
    })
  }

  describe('steps aside for oclif', () => {
    for (const [what, args] of [
      ['a misspelt command', ['communication', 'user-identity', 'tokn', 'issue']],
      ['a word after the command', ['communication', 'user-identity', 'token', 'issue', 'chat']],
      ['help with other arguments', ['communication', 'user-identity', 'user', 'create', '--output', 'json', '--help']],
      ['a prefix of --help', ['communication', 'user-identity', 'user', 'create', '--hel']],
      ['another command', ['autocomplete', 'script', 'bash']],
    ] as const) {
      it(what, async () => {
        const {fast, oclif} = await both([...args])
        expect(fast.code).to.equal(oclif.code)
        expect(fast.stdout).to.equal(oclif.stdout)
        expect(fast.stderr).to.equal(oclif.stderr)
      })
    }
  })

  describe('V8 code cache', () => {
    const cacheDir = () => join(temp.path, 'cache', 'azc', 'code-cache')
    const args = () => ['communication', 'user-identity', 'user', 'create', '--connection-string', service.connectionString, '--query', 'rawId', '-o', 'tsv']

    it('is written on the first run and used after', async () => {
      const first = await runCli(args(), {env: env()})
      expect(first.stdout).to.equal(`${CANNED.newUserId}\n`)
      const files = readdirSync(cacheDir())
      expect(files).to.have.length(1)
      expect(files[0]).to.match(new RegExp(`^communication-user-identity-user-create-${process.version}-${process.arch}\\.bin$`))
      const written = readFileSync(join(cacheDir(), files[0]))
      const second = await runCli(args(), {env: env()})
      expect(second.stdout).to.equal(first.stdout)
      expect(readFileSync(join(cacheDir(), files[0])).equals(written), 'an accepted cache is left as it is').to.equal(true)
    })

    it('is replaced when it is not a valid cache', async () => {
      mkdirSync(cacheDir(), {recursive: true})
      const file = join(cacheDir(), `communication-user-identity-user-create-${process.version}-${process.arch}.bin`)
      writeFileSync(file, 'not a V8 code cache')
      const result = await runCli(args(), {env: env()})
      expect(result.code).to.equal(0)
      expect(result.stdout).to.equal(`${CANNED.newUserId}\n`)
      expect(readFileSync(file).length).to.be.greaterThan(1000)
    })

    it('costs nothing but speed when the cache folder cannot be written', async () => {
      writeFileSync(join(temp.path, 'not-a-folder'), '')
      const result = await runCli(args(), {env: env({XDG_CACHE_HOME: join(temp.path, 'not-a-folder')})})
      expect(result.code).to.equal(0)
      expect(result.stdout).to.equal(`${CANNED.newUserId}\n`)
      expect(existsSync(join(temp.path, 'not-a-folder', 'azc'))).to.equal(false)
    })
  })
})
