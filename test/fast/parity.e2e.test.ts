/**
 * Whatever a bundled command does under oclif it does on the fast path: for every command in the fast
 * path's table (lib/fast/commands.json), each command line below runs through bin/run.js twice against
 * the real emulator, with the fast path and with AZC_NO_FAST_PATH=1 (oclif loading lib/commands/**, which
 * re-export lib/host/commands.js), and both give the same exit code, stdout and stderr: help, a success,
 * usage errors, a service error, --debug and --verbose traces. What differs between two runs anyway (new
 * user ids, tokens, dates, timings, request ids) is replaced by a placeholder before comparing.
 */
import {expect} from 'chai'
import {mkdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {staleInput} from '../../src/fast/launcher.cjs'
import {type CliResult, makeTempDir, ROOT, runCli} from '../helpers/cli.js'

const table = JSON.parse(readFileSync(join(ROOT, 'lib', 'fast', 'commands.json'), 'utf8')) as {
  commands: Record<string, {id: string; help: string}>
}

const APP_ID = '6a1b1d2c-0f4e-4c8b-9d55-3f6e2a7b8c90'
const AAD_USER = 'c7e1f0a2-5b3d-4e6f-8a9b-0c1d2e3f4a5b'

/** An Entra token as the emulator takes one without --aad-jwks (claims checked, signature not). */
function entraToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const claims = {appid: APP_ID, oid: AAD_USER, tid: APP_ID, exp: Math.floor(Date.now() / 1000) + 3600}
  return `${part({alg: 'RS256', typ: 'JWT'})}.${part(claims)}.${Buffer.from('not checked').toString('base64url')}`
}

/** What two honest runs of one command line cannot share. */
function stable(text: string): string {
  return text
    .replaceAll(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '<jwt>')
    .replaceAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<guid>')
    .replaceAll(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?/g, '<date>')
    .replaceAll(/[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT/g, '<date>')
    .replaceAll(/\d+(\.\d+)? ms\b/g, 'N ms')
    .replaceAll(/Command ran in [\d.]+ seconds \(init: [\d.]+, invoke: [\d.]+\)/g, 'Command ran')
    .replaceAll(/'(keep-alive|content-length)': '[^']*'/gi, "'$1': ''")
}

describe('the fast path and oclif give the same results for every bundled command', function () {
  this.timeout(300_000)
  let emulator: RunningEmulator
  let temp: ReturnType<typeof makeTempDir>

  before(async () => {
    // Otherwise both runs would be oclif's, and equal for nothing.
    expect(staleInput(table as never, join(ROOT, 'lib', 'fast')), 'the bundle is up to date (npm run build)').to.equal(
      undefined,
    )
    emulator = await startEmulator({port: 0})
    temp = makeTempDir()
    mkdirSync(join(temp.path, 'config'))
  })
  after(async () => {
    await emulator?.close()
    temp?.remove()
  })

  const run = (args: string[], fast: boolean): Promise<CliResult> =>
    runCli(args, {
      env: {
        AZURE_CONFIG_DIR: join(temp.path, 'config'),
        XDG_CACHE_HOME: join(temp.path, 'cache'),
        AZC_NO_FAST_PATH: fast ? undefined : '1',
      },
    })

  /** A new user (by the fast path or oclif, so each run has its own), for the commands that need one. */
  const newUser = async (): Promise<string> => {
    const created = await run(
      [
        'communication',
        'user-identity',
        'user',
        'create',
        '--connection-string',
        emulator.connectionString,
        '--only-show-errors',
      ],
      true,
    )
    expect(created.code, created.stderr).to.equal(0)
    return (JSON.parse(created.stdout) as {rawId: string}).rawId
  }

  /** The command lines each command is run with; `{user}` is a user made for that run, `{cs}` the emulator's. */
  function lines(words: string): Array<[string, string[]]> {
    const verb = words.split(' ').slice(2).join(' ')
    const cs = ['--connection-string', '{cs}']
    const common: Array<[string, string[]]> = [
      ['--help', ['--help']],
      ['an unknown option', ['--bogus', '1']],
      ['no connection string', []],
      ['--output with a bad value', ['-o', 'xml']],
    ]
    const own: Record<string, Array<[string, string[]]>> = {
      'user-identity issue-access-token': [
        ['a token for a new user, yaml', ['--scope', 'chat', '-o', 'yaml', ...cs]],
        ['a token for a user, --query', ['-s', 'voip', '-u', '{user}', '--query', '{id: user_id}', ...cs]],
        ['a bad scope', ['--scope', 'nope', ...cs]],
      ],
      'token issue': [
        ['a token for a new user', ['--scope', 'chat', ...cs]],
        [
          'a token for a user, tsv and --verbose',
          ['--scope', 'chat', 'voip', '--user', '{user}', '-o', 'tsv', '--verbose', ...cs],
        ],
        ['--debug', ['--scope', 'chat', '--debug', ...cs]],
        ['a lifetime out of range', ['--scope', 'chat', '--expires-in-minutes', '10', ...cs]],
        ['an unknown user, a service error', ['--scope', 'chat', '--user', '8:acs:nope', ...cs]],
      ],
      'token revoke': [
        ['a revoke', ['--user', '{user}', '--yes', ...cs]],
        ['no --yes and no terminal', ['--user', '{user}', ...cs]],
      ],
      'token get-for-teams-user': [
        ['an exchange', ['--aad-token', '{aad}', '--client', APP_ID, '--aad-user', AAD_USER, ...cs]],
        ['the wrong user', ['--aad-token', '{aad}', '--client', APP_ID, '--aad-user', APP_ID, ...cs]],
      ],
      'user create': [
        ['a user', [...cs]],
        ['a user, table output, --debug', ['-o', 'table', '--debug', ...cs]],
        ['a query that does not parse', ['--query', '[', ...cs]],
      ],
      'user delete': [
        ['a delete', ['--user', '{user}', '--yes', ...cs]],
        ['an unknown user', ['--user', `8:acs:${'0'.repeat(8)}-1111-2222-3333-444444444444_x`, '-y', ...cs]],
      ],
    }
    const key = Object.keys(own).find((name) => `${words.split(' ')[1]} ${verb}`.endsWith(name))
    return [...common, ...(key ? own[key] : [])]
  }

  for (const words of Object.keys(table.commands)) {
    describe(words, () => {
      for (const [what, template] of lines(words)) {
        it(what, async () => {
          const results: CliResult[] = []
          for (const fast of [true, false]) {
            const fill = async (arg: string) => {
              if (arg === '{user}') return newUser()
              if (arg === '{aad}') return entraToken()
              return arg === '{cs}' ? emulator.connectionString : arg
            }
            const args = [...words.split(' ')]
            for (const arg of template) args.push(await fill(arg))
            results.push(await run(args, fast))
          }
          const [fast, oclif] = results
          expect(fast.code, `exit code; stderr:\n${fast.stderr}\n---\n${oclif.stderr}`).to.equal(oclif.code)
          expect(stable(fast.stdout)).to.equal(stable(oclif.stdout))
          expect(stable(fast.stderr)).to.equal(stable(oclif.stderr))
          if (what === '--help') expect(fast.stdout, 'help, byte for byte').to.equal(oclif.stdout)
        })
      }
    })
  }
})
