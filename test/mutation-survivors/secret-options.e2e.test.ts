/**
 * Secret options given by an abbreviation (`--aad-tok`, `--connection-str=`): argparse accepts any unique prefix,
 * so the secret registration must too, or --debug prints the value in its "Command arguments" line. Through
 * bin/run.js against the emulator, so it holds whatever the command class looks like inside.
 */
import {expect} from 'chai'
import {mkdirSync} from 'node:fs'
import {join} from 'node:path'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {makeTempDir, runCli} from '../helpers/cli.js'

const APP_ID = '6a1b1d2c-0f4e-4c8b-9d55-3f6e2a7b8c90'
const USER_ID = 'c7e1f0a2-5b3d-4e6f-8a9b-0c1d2e3f4a5b'

function entraToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({alg: 'RS256', typ: 'JWT'})}.${part(claims)}.${Buffer.from('not checked').toString('base64url')}`
}

describe('secret options given by a prefix never reach --debug output', function () {
  this.timeout(120_000)
  let emulator: RunningEmulator
  let temp: ReturnType<typeof makeTempDir>

  before(async () => {
    emulator = await startEmulator({port: 0})
    temp = makeTempDir()
    mkdirSync(join(temp.path, 'config'))
  })
  after(async () => {
    temp?.remove()
    await emulator?.close()
  })

  const azc = (args: string[]) =>
    runCli(['communication', 'user-identity', ...args, '--debug'], {env: {AZURE_CONFIG_DIR: join(temp.path, 'config')}})

  const teamsArgs = (token: string): Array<[string, string[]]> => [
    ['--aad-tok <jwt>', ['--aad-tok', token]],
    ['--aad-tok=<jwt>', [`--aad-tok=${token}`]],
    ['--aad-t <jwt>', ['--aad-t', token]],
    ['--aad-token=<jwt>', [`--aad-token=${token}`]],
  ]

  for (const [title, option] of teamsArgs('')) {
    it(`token get-for-teams-user ${title}`, async () => {
      const token = entraToken({appid: APP_ID, oid: USER_ID, exp: Math.floor(Date.now() / 1000) + 600})
      const args = teamsArgs(token).find(([t]) => t === title)![1]
      expect(option.length).to.equal(args.length)
      const result = await azc([
        'token',
        'get-for-teams-user',
        ...args,
        '--client',
        APP_ID,
        '--aad-user',
        USER_ID,
        '--connection-string',
        emulator.connectionString,
      ])
      expect(result.code, result.stderr).to.equal(0)
      const argumentsLine = result.stderr.split('\n').find((line) => line.includes('Command arguments'))
      expect(argumentsLine, 'the --debug arguments line').to.be.a('string')
      expect(argumentsLine).to.include('***')
      for (const secret of [token, token.split('.')[1], emulator.accessKey]) {
        expect(result.stderr, 'stderr').to.not.include(secret)
      }
    })
  }

  for (const [title, args] of [
    ['--connection-str <cs>', (cs: string) => ['--connection-str', cs]],
    ['--connection=<cs>', (cs: string) => [`--connection=${cs}`]],
  ] as const) {
    it(`user create ${title}`, async () => {
      const result = await azc(['user', 'create', ...args(emulator.connectionString)])
      expect(result.code, result.stderr).to.equal(0)
      expect(result.stderr).to.include('Command arguments')
      expect(result.stderr).to.not.include(emulator.accessKey)
      expect(result.stderr).to.not.include(emulator.accessKey.slice(0, 20))
    })
  }
})
