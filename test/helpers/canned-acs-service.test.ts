import {CommunicationIdentityClient} from '@azure/communication-identity'
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {request as httpsRequest} from 'node:https'
import {fileURLToPath} from 'node:url'

import {CANNED, CANNED_TLS, type CannedService, startCannedService} from './canned-acs-service.js'

const API = 'api-version=2022-10-01'
const OWNED_ID = CANNED.newUserId
const FOREIGN_ID = '8:acs:00000000-1111-2222-3333-444444444444_00000005-0000-0000-0000-000000000001'

describe('canned ACS service', () => {
  let service: CannedService
  beforeEach(async () => {
    service = await startCannedService()
  })
  afterEach(() => service.close())

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: body === undefined ? {} : {'content-type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    return {status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined}
  }
  const identity = (id: string, action = '') => `/identities/${encodeURIComponent(id)}${action}?${API}`
  const teams = (body: Record<string, string>) => call('POST', `/teamsUser/:exchangeAccessToken?${API}`, body)
  const validTeams = {token: CANNED.teams.entraToken, appId: CANNED.teams.appId, userId: CANNED.teams.userId}

  it('creates the fixed identity with a token when scopes are given', async () => {
    const {status, body} = await call('POST', `/identities?${API}`, {
      createTokenWithScopes: ['chat'],
      expiresInMinutes: null,
    })
    expect(status).to.equal(201)
    expect(body?.identity).to.deep.equal({id: CANNED.newUserId})
    expect(body?.accessToken.expiresOn).to.equal('2023-12-16T10:43:24.4152455+00:00')
  })

  it('creates an identity without a token when no scopes are given', async () => {
    const {status, body} = await call('POST', `/identities?${API}`)
    expect(status).to.equal(201)
    expect(body).to.deep.equal({identity: {id: CANNED.newUserId}})
  })

  it('issues the same token for the same identity and scopes every time', async () => {
    const first = await call('POST', identity(OWNED_ID, '/:issueAccessToken'), {scopes: ['chat', 'voip']})
    const second = await call('POST', identity(OWNED_ID, '/:issueAccessToken'), {scopes: ['chat', 'voip']})
    expect(first.status).to.equal(200)
    expect(first.body).to.deep.equal(second.body)
    const claims = JSON.parse(Buffer.from(String(first.body?.token).split('.')[1], 'base64url').toString())
    expect(claims).to.include({skypeid: OWNED_ID.slice(2), acsScope: 'chat,voip', scp: 1792})
  })

  it('moves expiresOn with the requested lifetime', async () => {
    const {body} = await call('POST', identity(OWNED_ID, '/:issueAccessToken'), {
      scopes: ['chat'],
      expiresInMinutes: 60,
    })
    expect(body?.expiresOn).to.equal('2023-12-15T11:43:24.4152455+00:00')
  })

  it('refuses an identity of another resource with 401 IdentityNotOwned', async () => {
    const {status, body} = await call('POST', identity(FOREIGN_ID, '/:issueAccessToken'), {scopes: ['chat']})
    expect(status).to.equal(401)
    expect(body).to.deep.equal({
      error: {code: 'IdentityNotOwned', message: "Provided identity doesn't belong to the resource."},
    })
  })

  it('answers 404 for an identity containing "missing"', async () => {
    const {status, body} = await call('DELETE', identity(`8:acs:${CANNED.resourceId}_missing-1`))
    expect(status).to.equal(404)
    expect(body?.error.code).to.equal('IdentityNotFound')
  })

  it('answers 400 with target scopes for empty scopes', async () => {
    const {status, body} = await call('POST', identity(OWNED_ID, '/:issueAccessToken'), {scopes: []})
    expect(status).to.equal(400)
    expect(body).to.deep.equal({
      error: {code: 'ValidationError', message: 'Invalid scopes - Scopes field is required.', target: 'scopes'},
    })
  })

  it('answers the documented 400 for a lifetime outside 60..1440 minutes', async () => {
    const {status, body} = await call('POST', `/identities?${API}`, {
      createTokenWithScopes: ['chat'],
      expiresInMinutes: 59,
    })
    expect(status).to.equal(400)
    expect(body).to.deep.equal({
      error: {
        code: 'ValidationError',
        message: 'ExpiresInMinutes value 59 is invalid. Value must be within the [60, 1440] interval.',
        target: 'ExpiresInMinutes',
      },
    })
  })

  it('revokes tokens and deletes an owned identity with 204 and no body', async () => {
    expect(await call('POST', identity(OWNED_ID, '/:revokeAccessTokens'))).to.deep.equal({status: 204, body: undefined})
    expect(await call('DELETE', identity(OWNED_ID))).to.deep.equal({status: 204, body: undefined})
  })

  it('exchanges a valid Entra token for a Teams token expiring with it', async () => {
    const {status, body} = await teams(validTeams)
    expect(status).to.equal(200)
    expect(body?.expiresOn).to.equal(CANNED.teams.expiresOn)
  })

  it('refuses an expired or malformed Entra token with 401 InvalidAccessToken', async () => {
    for (const token of [CANNED.teams.expiredEntraToken, 'not-a-jwt', '']) {
      const {status, body} = await teams({...validTeams, token})
      expect([status, body?.error.code]).to.deep.equal([401, 'InvalidAccessToken'])
    }
  })

  it('answers each Teams validation row with its message and target', async () => {
    const rows: Array<[Record<string, string>, string, string | undefined]> = [
      [{appId: ''}, 'AppId: The AppId field is required.', undefined],
      [{userId: ''}, 'UserId: The UserId field is required.', undefined],
      [{appId: 'app-id-123-xyz'}, 'Provided AppId has invalid format.', 'appId'],
      [{userId: 'uid'}, 'Provided UserId has invalid format.', 'userId'],
      [{appId: '11111111-2222-3333-4444-555555555555'}, 'AAD application is not the expected one.', undefined],
      [{userId: '11111111-2222-3333-4444-555555555555'}, 'Provided AAD token issued for unexpected user.', undefined],
    ]
    for (const [change, message, target] of rows) {
      const {status, body} = await teams({...validTeams, ...change})
      expect([status, body?.error]).to.deep.equal([
        400,
        {code: 'ValidationError', message, ...(target ? {target} : {})},
      ])
    }
  })

  it('records what it received, but not its control requests', async () => {
    await call('POST', identity(OWNED_ID, '/:revokeAccessTokens'))
    const listed = await call('GET', '/__canned/requests')
    expect(service.requests.map((r) => [r.method, r.url, r.body])).to.deep.equal([
      ['POST', identity(OWNED_ID, '/:revokeAccessTokens'), ''],
    ])
    expect(listed.body).to.have.length(1)
  })

  it('serves the real JS SDK through its connection string', async () => {
    const client = new CommunicationIdentityClient(service.connectionString, {allowInsecureConnection: true})
    const {user, expiresOn} = await client.createUserAndToken(['chat'])
    expect(user.communicationUserId).to.equal(CANNED.newUserId)
    expect(expiresOn.toISOString()).to.equal('2023-12-16T10:43:24.415Z')
  })
})

describe('canned ACS service over TLS', () => {
  it('serves https with the throwaway certificate for 127.0.0.1', async () => {
    const service = await startCannedService({tls: true})
    try {
      expect(service.connectionString).to.match(/^endpoint=https:\/\/127\.0\.0\.1:\d+\/;accesskey=/)
      const status = await new Promise<number | undefined>((resolve, reject) => {
        httpsRequest(
          `${service.url}/identities?${API}`,
          {method: 'POST', ca: readFileSync(CANNED_TLS.certPath)},
          (res) => {
            res.resume()
            resolve(res.statusCode)
          },
        )
          .on('error', reject)
          .end()
      })
      expect(status).to.equal(201)
    } finally {
      await service.close()
    }
  })
})

describe('canned ACS service run standalone', () => {
  it('prints its connection string first and stops on SIGTERM', async () => {
    const script = fileURLToPath(new URL('canned-acs-service.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', script], {stdio: ['ignore', 'pipe', 'inherit']})
    const firstLine = await new Promise<string>((resolve, reject) => {
      let text = ''
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        if (text.includes('\n')) resolve(text.split('\n')[0])
      })
      child.once('exit', () => reject(new Error('exited before printing')))
    })
    expect(firstLine).to.match(/^endpoint=http:\/\/127\.0\.0\.1:\d+\/;accesskey=/)
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).to.equal(0)
  })
})
