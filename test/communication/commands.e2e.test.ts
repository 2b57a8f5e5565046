/**
 * The commands through bin/run.js against the real emulator (and, for faults, against servers that
 * misbehave on purpose): whole flows, the options az lacks, connection strings, network faults,
 * --verbose/--debug traces, and that no secret reaches stdout or stderr.
 */
import {expect} from 'chai'
import {createServer as createHttpServer, type Server} from 'node:http'
import {createServer as createTcpServer} from 'node:net'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {CANNED, CANNED_TLS, startCannedService} from '../helpers/canned-acs-service.js'
import {type CliOptions, makeTempDir, runCli} from '../helpers/cli.js'

const ACS = ['communication', 'user-identity']
const OTHER_CA = fileURLToPath(new URL('../emulator/fixtures/tls/ca.pem', import.meta.url))
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))
}

/** An Entra token as the emulator expects one (it checks claims, not the signature, by default). */
function entraToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({alg: 'RS256', typ: 'JWT'})}.${part(claims)}.${Buffer.from('not checked').toString('base64url')}`
}

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port)),
  )
}

describe('the commands against the emulator', function () {
  this.timeout(120_000)
  let emulator: RunningEmulator
  let temp: ReturnType<typeof makeTempDir>
  let configDir: string
  const requests: string[] = []

  before(async () => {
    emulator = await startEmulator({port: 0, logger: (line) => requests.push(line)})
  })
  after(() => emulator.close())
  beforeEach(() => {
    temp = makeTempDir()
    configDir = join(temp.path, 'config')
    mkdirSync(configDir)
  })
  afterEach(() => temp.remove())

  const azc = (args: string[], options: CliOptions = {}) =>
    runCli([...ACS, ...args], {...options, env: {AZURE_CONFIG_DIR: configDir, ...options.env}})
  const withEmulator = (args: string[], options: CliOptions = {}) =>
    azc([...args, '--connection-string', emulator.connectionString], options)

  describe('a whole identity life cycle', () => {
    it('creates a user, issues, revokes and deletes, and then the user is gone', async () => {
      const created = await withEmulator(['user', 'create', '--only-show-errors'])
      expect(created.code, created.stderr).to.equal(0)
      const user = JSON.parse(created.stdout) as {rawId: string; properties: {id: string}}
      expect(user.rawId).to.match(new RegExp(`^8:acs:${emulator.resourceId}_${GUID}$`))
      expect(user.properties.id).to.equal(user.rawId)

      const issued = await withEmulator([
        'token',
        'issue',
        '--scope',
        'chat',
        'voip',
        '--user',
        user.rawId,
        '--only-show-errors',
      ])
      expect(issued.code, issued.stderr).to.equal(0)
      const token = JSON.parse(issued.stdout) as {expires_on: string; token: string; user_id: string}
      expect(token.user_id).to.equal(user.rawId)
      expect(token.expires_on).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/)
      expect(jwtPayload(token.token)).to.include({
        acsScope: 'chat,voip',
        skypeid: user.rawId.slice(2),
        resourceId: emulator.resourceId,
      })
      expect(emulator.checkAccessToken(token.token)).to.equal('valid')

      const revoked = await withEmulator(['token', 'revoke', '--user', user.rawId, '--yes'])
      expect(revoked.code, revoked.stderr).to.equal(0)
      expect(revoked.stdout).to.equal('')
      expect(emulator.checkAccessToken(token.token)).to.equal('revoked')

      const deleted = await withEmulator(['user', 'delete', '--user', user.rawId, '-y'])
      expect(deleted.code, deleted.stderr).to.equal(0)
      expect(deleted.stdout).to.equal('')

      const again = await withEmulator([
        'token',
        'issue',
        '--scope',
        'chat',
        '--user',
        user.rawId,
        '--only-show-errors',
      ])
      expect(again.code).to.equal(1)
      expect(again.stderr).to.equal(
        "ERROR: (IdentityNotOwned) Provided identity doesn't belong to the resource.\nCode: IdentityNotOwned\n" +
          "Message: Provided identity doesn't belong to the resource.\n",
      )
    })

    it('issues a token for a new user without --user, one scope per value', async () => {
      const result = await withEmulator([
        'token',
        'issue',
        '--scope',
        'chat.join',
        'voip.join',
        '-o',
        'tsv',
        '--only-show-errors',
      ])
      expect(result.code, result.stderr).to.equal(0)
      // tsv writes a plain result's values in sorted key order.
      const [expiresOn, token, userId] = result.stdout.trimEnd().split('\t')
      expect(userId).to.match(new RegExp(`^8:acs:${emulator.resourceId}_`))
      expect(jwtPayload(token).acsScope).to.equal('chat.join,voip.join')
      expect(expiresOn).to.match(/\+00:00$/)
    })

    it('gives a script just the token with --query token -o tsv', async () => {
      const result = await withEmulator(['token', 'issue', '--scope', 'chat', '--query', 'token', '-o', 'tsv'])
      expect(result.stdout).to.match(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/)
    })

    it('prints every format of the result', async () => {
      const table = await withEmulator(['token', 'issue', '--scope', 'chat', '-o', 'table', '--only-show-errors'])
      expect(table.stdout.split('\n')[0]).to.match(/^Expires_on +Token +User_id$/)
      const yaml = await withEmulator(['token', 'issue', '--scope', 'chat', '-o', 'yaml', '--only-show-errors'])
      expect(yaml.stdout).to.match(/^expires_on: '\d{4}-[^']+'\ntoken: eyJ\S+\nuser_id: 8:acs:\S+\n$/)
      const none = await withEmulator(['token', 'issue', '--scope', 'chat', '-o', 'none', '--only-show-errors'])
      expect(none.stdout).to.equal('')
    })
  })

  describe('--expires-in-minutes (beyond az)', () => {
    it('sets the token lifetime', async () => {
      const result = await withEmulator([
        'token',
        'issue',
        '--scope',
        'chat',
        '--expires-in-minutes',
        '60',
        '--query',
        'token',
        '-o',
        'tsv',
      ])
      expect(result.code, result.stderr).to.equal(0)
      const payload = jwtPayload(result.stdout.trim()) as {iat: number; exp: number}
      expect(payload.exp - payload.iat).to.equal(3600)
    })

    for (const value of ['59', '1441', 'soon']) {
      it(`refuses ${value} with an argument error, exit 2, before sending anything`, async () => {
        const before = requests.length
        const result = await withEmulator(['token', 'issue', '--scope', 'chat', '--expires-in-minutes', value])
        expect(result.code).to.equal(2)
        const expected =
          value === 'soon'
            ? "ERROR: argument --expires-in-minutes: invalid int value: 'soon'\n"
            : `ERROR: argument --expires-in-minutes: ${value} is out of range: the value must be between 60 and 1440\n`
        expect(result.stderr.startsWith(expected), result.stderr).to.equal(true)
        expect(requests.length).to.equal(before)
      })
    }
  })

  describe('--scope', () => {
    it('refuses an unknown scope, naming the known ones, before sending anything', async () => {
      const before = requests.length
      const result = await withEmulator(['token', 'issue', '--scope', 'chat', 'video'])
      expect(result.code).to.equal(2)
      expect(result.stderr).to.include(
        "ERROR: azc communication user-identity token issue: 'video' is not a valid value for '--scope'. " +
          'Allowed values: chat, voip, chat.join, chat.join.limited, voip.join.\n',
      )
      expect(requests.length).to.equal(before)
    })
  })

  describe('the Teams token exchange', () => {
    const appId = '6a1b1d2c-0f4e-4c8b-9d55-3f6e2a7b8c90'
    const userId = 'c7e1f0a2-5b3d-4e6f-8a9b-0c1d2e3f4a5b'

    it('exchanges an Entra token, expiring with it; --aad-token from a file', async () => {
      const exp = Math.floor(Date.now() / 1000) + 3600
      const file = join(temp.path, 'aad.txt')
      writeFileSync(file, `${entraToken({appid: appId, oid: userId, tid: appId, exp})}\n`)
      const result = await withEmulator([
        'token',
        'get-for-teams-user',
        '--aad-token',
        `@${file}`,
        '--client',
        appId,
        '--aad-user',
        userId,
        '--only-show-errors',
      ])
      expect(result.code, result.stderr).to.equal(0)
      const exchanged = JSON.parse(result.stdout) as {expires_on: string; token: string}
      expect(Object.keys(exchanged)).to.deep.equal(['expires_on', 'token'])
      expect(Date.parse(exchanged.expires_on)).to.equal(exp * 1000)
      expect(jwtPayload(exchanged.token).skypeid).to.equal(`orgid:${userId}`)
    })

    it("reports the service's error when the user is not the token's", async () => {
      const token = entraToken({appid: appId, oid: userId, exp: Math.floor(Date.now() / 1000) + 600})
      const other = '11111111-2222-3333-4444-555555555555'
      const result = await withEmulator([
        'token',
        'get-for-teams-user',
        '--aad-token',
        token,
        '--client',
        appId,
        '--aad-user',
        other,
        '--only-show-errors',
      ])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        'ERROR: (ValidationError) Provided AAD token issued for unexpected user.\nCode: ValidationError\n' +
          'Message: Provided AAD token issued for unexpected user.\n',
      )
    })
  })

  describe('connection strings', () => {
    it('takes the flag first, then AZURE_COMMUNICATION_CONNECTION_STRING, then the config file', async () => {
      const dead = 'endpoint=http://127.0.0.1:1/;accesskey=ZGVhZA=='
      writeFileSync(join(configDir, 'config'), `[communication]\nconnection_string = ${dead}\n`)
      const fromEnv = await azc(['user', 'create', '--only-show-errors'], {
        env: {AZURE_COMMUNICATION_CONNECTION_STRING: emulator.connectionString},
      })
      expect(fromEnv.code, fromEnv.stderr).to.equal(0)
      const fromFlag = await withEmulator(['user', 'create', '--only-show-errors'], {
        env: {AZURE_COMMUNICATION_CONNECTION_STRING: dead},
      })
      expect(fromFlag.code, fromFlag.stderr).to.equal(0)
      writeFileSync(join(configDir, 'config'), `[communication]\nconnection_string = ${emulator.connectionString}\n`)
      const fromConfig = await azc(['user', 'create', '--only-show-errors'])
      expect(fromConfig.code, fromConfig.stderr).to.equal(0)
    })

    it('reads --connection-string from a file or from standard input', async () => {
      const file = join(temp.path, 'cs.txt')
      writeFileSync(file, `${emulator.connectionString}\n`)
      expect((await azc(['user', 'create', '--connection-string', `@${file}`])).code).to.equal(0)
      expect(
        (await azc(['user', 'create', '--connection-string', '@-'], {input: emulator.connectionString})).code,
      ).to.equal(0)
    })

    const key = 'c2VjcmV0IGtleSB0aGF0IG11c3Qgbm90IGxlYWs='
    const malformed: Array<[string, string, string]> = [
      ['no endpoint', `accesskey=${key}`, 'it has no endpoint'],
      ['no access key', 'endpoint=https://contoso.communication.azure.com/', 'it has no accesskey'],
      [
        'an endpoint that is not a URL',
        `endpoint=https://exa mple.com/;accesskey=${key}`,
        "the endpoint 'https://exa mple.com/' is not a URL",
      ],
      [
        'an endpoint with a path',
        `endpoint=https://contoso.communication.azure.com/api;accesskey=${key}`,
        'has a path',
      ],
      [
        'a key that is not base64',
        'endpoint=https://contoso.communication.azure.com/;accesskey=not*base64',
        'the accesskey is not base64',
      ],
      [
        'http:// to a remote host',
        `endpoint=http://contoso.communication.azure.com/;accesskey=${key}`,
        'is not encrypted',
      ],
    ]
    for (const [what, text, problem] of malformed) {
      it(`refuses ${what} in one clear line, exit 1, never showing the key`, async () => {
        const result = await azc(['user', 'create', '--connection-string', text, '--only-show-errors'])
        expect(result.code).to.equal(1)
        expect(result.stderr.split('\n').filter(Boolean)).to.have.length(1)
        expect(result.stderr).to.match(/^ERROR: Invalid connection string: /)
        expect(result.stderr).to.include(problem)
        expect(result.stdout + result.stderr).to.not.include(key)
      })
    }

    it('says what to do when there is none', async () => {
      const result = await azc(['user', 'create', '--only-show-errors'])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        'ERROR: Please specify --connection-string, or set AZURE_COMMUNICATION_CONNECTION_STRING.\n',
      )
    })
  })

  describe('network faults: one clear line naming the endpoint, exit 1', () => {
    it('connection refused', async () => {
      const server = createTcpServer()
      const port = await listen(server)
      await new Promise((resolve) => server.close(resolve))
      const result = await azc([
        'user',
        'create',
        '--connection-string',
        `endpoint=http://127.0.0.1:${port}/;accesskey=a2V5`,
        '--only-show-errors',
      ])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        `ERROR: Unable to connect to http://127.0.0.1:${port}: the connection was refused. Is the service (or the emulator) running there?\n`,
      )
    })

    it('a host name that does not resolve', async () => {
      const result = await azc([
        'user',
        'create',
        '--connection-string',
        'endpoint=https://no-such-host.invalid/;accesskey=a2V5',
        '--only-show-errors',
      ])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        "ERROR: Unable to connect to https://no-such-host.invalid: the host name 'no-such-host.invalid' could not be resolved.\n",
      )
    })

    it('a TLS certificate that is not trusted', async () => {
      const canned = await startCannedService({tls: true})
      try {
        const result = await azc(
          ['user', 'create', '--connection-string', canned.connectionString, '--only-show-errors'],
          {
            env: {NODE_EXTRA_CA_CERTS: undefined, REQUESTS_CA_BUNDLE: undefined, CURL_CA_BUNDLE: undefined},
          },
        )
        expect(result.code).to.equal(1)
        expect(result.stderr).to.match(
          new RegExp(
            `^ERROR: Unable to connect to ${canned.url.replace(/\/$/, '')}: TLS failed: .+NODE_EXTRA_CA_CERTS.+\\n$`,
          ),
        )
        expect(canned.requests).to.have.length(0)
      } finally {
        await canned.close()
      }
    })

    it('trusts a certificate az was told to trust through REQUESTS_CA_BUNDLE', async () => {
      const canned = await startCannedService({tls: true})
      try {
        const result = await azc(
          ['user', 'create', '--connection-string', canned.connectionString, '--query', 'rawId', '-o', 'tsv'],
          {
            // NODE_EXTRA_CA_CERTS names another bundle (the emulator's test CA, which does not sign the canned certificate).
            env: {NODE_EXTRA_CA_CERTS: OTHER_CA, REQUESTS_CA_BUNDLE: CANNED_TLS.certPath, CURL_CA_BUNDLE: undefined},
          },
        )
        expect(result.code, result.stderr).to.equal(0)
        expect(result.stdout).to.equal(`${CANNED.newUserId}\n`)
      } finally {
        await canned.close()
      }
    })

    it('a service that never answers: a POST after one timeout, not sent again (as az)', async () => {
      const sockets: Array<import('node:net').Socket> = []
      const server = createTcpServer((socket) => sockets.push(socket))
      const port = await listen(server)
      try {
        const result = await azc(
          [
            'user',
            'create',
            '--connection-string',
            `endpoint=http://127.0.0.1:${port}/;accesskey=a2V5`,
            '--only-show-errors',
          ],
          {
            env: {AZURE_COMMUNICATION_TIMEOUT: '0.5'},
          },
        )
        expect(result.code).to.equal(1)
        expect(result.stderr).to.equal(
          `ERROR: Unable to connect to http://127.0.0.1:${port}: no response within 0.5 seconds. ` +
            'It was not sent again, as the service may have acted on it.\n',
        )
        expect(sockets.length, 'one attempt: the service may have created the user').to.equal(1)
      } finally {
        for (const socket of sockets) socket.destroy()
        server.close()
      }
    })

    it('a service that never answers: a DELETE after the timeout and the retries', async () => {
      const sockets: Array<import('node:net').Socket> = []
      const server = createTcpServer((socket) => sockets.push(socket))
      const port = await listen(server)
      try {
        const started = Date.now()
        const result = await azc(
          [
            'user',
            'delete',
            '--user',
            CANNED.newUserId,
            '--yes',
            '--connection-string',
            `endpoint=http://127.0.0.1:${port}/;accesskey=a2V5`,
            '--only-show-errors',
          ],
          {env: {AZURE_COMMUNICATION_TIMEOUT: '0.5'}},
        )
        expect(result.code).to.equal(1)
        expect(result.stderr).to.equal(
          `ERROR: Unable to connect to http://127.0.0.1:${port}: no response within 0.5 seconds.\n`,
        )
        expect(sockets.length, 'the first attempt and three retries').to.equal(4)
        expect(Date.now() - started).to.be.greaterThan(2000)
      } finally {
        for (const socket of sockets) socket.destroy()
        server.close()
      }
    })

    it('honours Retry-After on 503 and then succeeds', async () => {
      let calls = 0
      const times: number[] = []
      const server = createHttpServer((request, response) => {
        calls++
        times.push(Date.now())
        request.resume()
        if (calls === 1) {
          response.writeHead(503, {'retry-after': '2', 'content-type': 'application/json'})
          response.end('{"error":{"code":"ServiceUnavailable","message":"Try later."}}')
          return
        }
        response.writeHead(201, {'content-type': 'application/json'})
        response.end(JSON.stringify({identity: {id: CANNED.newUserId}}))
      })
      const port = await listen(server)
      try {
        const result = await azc([
          'user',
          'create',
          '--connection-string',
          `endpoint=http://127.0.0.1:${port}/;accesskey=a2V5`,
          '--query',
          'rawId',
          '-o',
          'tsv',
        ])
        expect(result.code, result.stderr).to.equal(0)
        expect(result.stdout).to.equal(`${CANNED.newUserId}\n`)
        expect(times[1] - times[0]).to.be.at.least(1900)
      } finally {
        server.close()
      }
    })
  })

  describe('--verbose and --debug', () => {
    it('--verbose adds one INFO line per request with its duration', async () => {
      const result = await withEmulator(['user', 'create', '--verbose'])
      expect(result.code).to.equal(0)
      expect(result.stderr).to.match(
        new RegExp(`\nINFO: POST ${emulator.url}identities\\?api-version=2023-10-01 201 \\(\\d+ ms\\)\n`),
      )
    })

    it('--debug traces every request and response, and no secret reaches stdout or stderr', async () => {
      const appId = '6a1b1d2c-0f4e-4c8b-9d55-3f6e2a7b8c90'
      const userId = 'c7e1f0a2-5b3d-4e6f-8a9b-0c1d2e3f4a5b'
      const aadToken = entraToken({appid: appId, oid: userId, exp: Math.floor(Date.now() / 1000) + 600})
      const issued = await withEmulator(['token', 'issue', '--scope', 'chat', '--debug'])
      const teams = await withEmulator([
        'token',
        'get-for-teams-user',
        '--aad-token',
        aadToken,
        '--client',
        appId,
        '--aad-user',
        userId,
        '--debug',
      ])
      const user = (JSON.parse(issued.stdout) as {user_id: string}).user_id
      const revoked = await withEmulator(['token', 'revoke', '--user', user, '--yes', '--debug'])
      const created = await azc(['user', 'create', '--debug'], {
        env: {AZURE_COMMUNICATION_CONNECTION_STRING: emulator.connectionString},
      })
      for (const result of [issued, teams, revoked, created]) expect(result.code, result.stderr).to.equal(0)

      const tokens = [JSON.parse(issued.stdout).token, JSON.parse(teams.stdout).token] as string[]
      const secrets = [emulator.accessKey, aadToken, ...tokens]
      for (const result of [issued, teams, revoked, created]) {
        for (const secret of secrets) expect(result.stderr, 'stderr').to.not.include(secret)
        expect(result.stderr).to.match(/Authorization': '\*\*\*'/)
        expect(result.stderr).to.match(/Response status: 20[014]/)
      }
      // stdout holds only the command's own result: the token it was asked to issue.
      expect(issued.stdout).to.not.include(emulator.accessKey)
      for (const secret of [emulator.accessKey, aadToken, tokens[0]]) expect(teams.stdout).to.not.include(secret)
      expect(revoked.stdout).to.equal('')
      expect(created.stdout).to.not.include(emulator.accessKey)
      expect(issued.stderr).to.include('Request URL:')
      expect(issued.stderr).to.include('Command arguments:')
      expect(teams.stderr).to.match(/Request body:\n.*"token":"\*\*\*"/)
    })

    it('sends a User-Agent that starts with azc/<version>', async () => {
      const canned = await startCannedService()
      try {
        const result = await azc(['user', 'create', '--connection-string', canned.connectionString])
        expect(result.code, result.stderr).to.equal(0)
        expect(String(canned.requests[0].headers['user-agent'])).to.match(/^azc\/\d+\.\d+\.\d+ /)
      } finally {
        await canned.close()
      }
    })
  })
})
