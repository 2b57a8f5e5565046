import {expect} from 'chai'
import {generateKeyPairSync, sign} from 'node:crypto'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {signedRequest, unsignedJwt} from './helpers.js'

const EXCHANGE = '/teamsUser/:exchangeAccessToken?api-version=2023-10-01'
const APP_ID = '1fd6e8a9-3c5b-4a0e-9d2f-6b7c8d9e0f1a'
const USER_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const invalidToken = {error: {code: 'InvalidAccessToken', message: 'Provided access token is not valid.'}}
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600
const entraToken = (claims: Record<string, unknown> = {}) =>
  unsignedJwt({appid: APP_ID, oid: USER_ID, exp: inAnHour(), ...claims})

describe('emulator Teams token exchange', () => {
  let emulator: RunningEmulator
  before(async () => {
    emulator = await startEmulator()
  })
  after(() => emulator.close())

  const exchange = (body: Record<string, unknown>) =>
    signedRequest(emulator, 'POST', EXCHANGE, {token: entraToken(), appId: APP_ID, userId: USER_ID, ...body})

  it('answers a valid exchange with 200 and a token that expires with the Entra token', async () => {
    const exp = inAnHour()
    const response = await exchange({token: entraToken({exp})})
    expect(response.status).to.equal(200)
    expect(response.json.expiresOn).to.equal(`${new Date(exp * 1000).toISOString().slice(0, 19)}.0000000+00:00`)
  })

  const tokenCases: Array<[string, string]> = [
    ['an empty token', ''],
    ['a token that is not a JWT', 'not-a-jwt'],
    ['a JWT whose payload is not JSON', 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln'],
    ['an expired token', unsignedJwt({appid: APP_ID, oid: USER_ID, exp: Math.floor(Date.now() / 1000) - 60})],
    ['a token without exp', unsignedJwt({appid: APP_ID, oid: USER_ID})],
  ]
  for (const [name, token] of tokenCases) {
    it(`answers ${name} with 401 InvalidAccessToken`, async () => {
      const response = await exchange({token})
      expect(response.status).to.equal(401)
      expect(response.json).to.deep.equal(invalidToken)
    })
  }

  // The API doc gives a target only for the format rows (and recordings show one for the required fields).
  const validationCases: Array<[string, Record<string, unknown>, string, string | undefined]> = [
    ['an appId that is not a GUID', {appId: 'invalid'}, 'Provided AppId has invalid format.', 'appId'],
    ['a userId that is not a GUID', {userId: 'invalid'}, 'Provided UserId has invalid format.', 'userId'],
    ['an empty appId', {appId: ''}, 'AppId: The AppId field is required.', 'AppId'],
    ['an empty userId', {userId: ''}, 'UserId: The UserId field is required.', 'UserId'],
    [
      "an appId other than the token's appid",
      {appId: '81e78ca8-ade5-4998-9c05-1e17f850fcfe'},
      'AAD application is not the expected one.',
      undefined,
    ],
    [
      "a userId other than the token's oid",
      {userId: '81e78ca8-ade5-4998-9c05-1e17f850fcfe'},
      'Provided AAD token issued for unexpected user.',
      undefined,
    ],
  ]
  for (const [name, body, message, target] of validationCases) {
    it(`answers ${name} with 400 ValidationError`, async () => {
      const response = await exchange(body)
      expect(response.status).to.equal(400)
      expect(response.json).to.deep.equal({
        error: target ? {code: 'ValidationError', message, target} : {code: 'ValidationError', message},
      })
    })
  }

  for (const [what, claims] of [
    ['an oid that is a GUID with junk after it', {oid: `${USER_ID}zz"},{"x`}],
    ['an appid that is not a GUID', {appid: `${APP_ID}-x`}],
    ['an exp of 1e13 (past any real token lifetime)', {exp: 1e13}],
    ['an exp that is not an integer', {exp: inAnHour() + 0.5}],
    ['an iat in the future', {iat: inAnHour()}],
  ] as const) {
    it(`answers a token with ${what} with 401 InvalidAccessToken, not a 500`, async () => {
      const response = await exchange({token: entraToken(claims)})
      expect(response.status).to.equal(401)
      expect(response.json).to.deep.equal(invalidToken)
    })
  }

  it('answers a token with junk after its signature with 401', async () => {
    for (const junk of ['!!', '=', '.x', ' ']) {
      const response = await exchange({token: `${entraToken()}${junk}`})
      expect(response.status, JSON.stringify(junk)).to.equal(401)
    }
  })

  it('never copies anything but the canonical GUID into the issued token', async () => {
    const response = await exchange({token: entraToken({oid: USER_ID.toUpperCase()}), userId: USER_ID})
    expect(response.status).to.equal(200)
    const payload = JSON.parse(Buffer.from(response.json.token.split('.')[1], 'base64url').toString('utf8'))
    expect(payload.skypeid).to.equal(`orgid:${USER_ID}`)
  })

  describe('with --aad-jwks', () => {
    let dir: string
    let verifying: RunningEmulator
    const keys = generateKeyPairSync('rsa', {modulusLength: 2048})
    const signedEntraToken = (privateKey = keys.privateKey, claims: Record<string, unknown> = {}) => {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
      const payload = {
        aud: 'https://auth.msft.communication.azure.com',
        iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        tid: TENANT,
        appid: APP_ID,
        oid: USER_ID,
        exp: inAnHour(),
        ...claims,
      }
      const input = `${encode({alg: 'RS256', typ: 'JWT', kid: 'test-key'})}.${encode(payload)}`
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`
    }

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'emulator-jwks-'))
      const jwk = {...keys.publicKey.export({format: 'jwk'}), kid: 'test-key', alg: 'RS256', use: 'sig'}
      await writeFile(join(dir, 'jwks.json'), JSON.stringify({keys: [jwk]}))
      verifying = await startEmulator({aadJwks: join(dir, 'jwks.json')})
    })
    after(async () => {
      await verifying.close()
      await rm(dir, {recursive: true, force: true})
    })

    it('accepts an Entra token signed by one of the given keys', async () => {
      const response = await signedRequest(verifying, 'POST', EXCHANGE, {
        token: signedEntraToken(),
        appId: APP_ID,
        userId: USER_ID,
      })
      expect(response.status).to.equal(200)
    })

    for (const [what, claims] of [
      ['another audience', {aud: 'https://graph.microsoft.com'}],
      ['no audience', {aud: undefined}],
      [
        'an issuer of another tenant',
        {iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0'},
      ],
      ['an issuer that is not Entra', {iss: 'https://evil.example/'}],
      ['no tid', {tid: undefined}],
    ] as const) {
      it(`answers a signed token with ${what} with 401`, async () => {
        const token = signedEntraToken(keys.privateKey, claims)
        const response = await signedRequest(verifying, 'POST', EXCHANGE, {token, appId: APP_ID, userId: USER_ID})
        expect(response.status).to.equal(401)
        expect(response.json).to.deep.equal(invalidToken)
      })
    }

    it('accepts the v1 issuer form too', async () => {
      const token = signedEntraToken(keys.privateKey, {iss: `https://sts.windows.net/${TENANT}/`})
      expect(
        (await signedRequest(verifying, 'POST', EXCHANGE, {token, appId: APP_ID, userId: USER_ID})).status,
      ).to.equal(200)
    })

    it('answers a signed token with junk after the signature with 401', async () => {
      for (const junk of ['A', '=', '.', '%']) {
        const token = `${signedEntraToken()}${junk}`
        const response = await signedRequest(verifying, 'POST', EXCHANGE, {token, appId: APP_ID, userId: USER_ID})
        expect(response.status, junk).to.equal(401)
      }
    })

    it('accepts only the expected tenant when one is given', async () => {
      const strict = await startEmulator({
        aadJwks: join(dir, 'jwks.json'),
        aadTenant: '00000000-0000-0000-0000-000000000001',
      })
      try {
        const response = await signedRequest(strict, 'POST', EXCHANGE, {
          token: signedEntraToken(),
          appId: APP_ID,
          userId: USER_ID,
        })
        expect(response.status).to.equal(401)
      } finally {
        await strict.close()
      }
    })

    it('answers an Entra token signed by another key with 401 InvalidAccessToken', async () => {
      const other = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey
      const response = await signedRequest(verifying, 'POST', EXCHANGE, {
        token: signedEntraToken(other),
        appId: APP_ID,
        userId: USER_ID,
      })
      expect(response.status).to.equal(401)
      expect(response.json).to.deep.equal(invalidToken)
    })
    it('refuses a JWKS file that is not JSON, or has no keys, with one clear line', async () => {
      await writeFile(join(dir, 'bad.json'), 'not json')
      await writeFile(join(dir, 'empty.json'), '{}')
      const notJson = (await startEmulator({aadJwks: join(dir, 'bad.json')}).catch((error: Error) => error)) as Error
      expect(notJson.message).to.equal(`The JWKS file ${join(dir, 'bad.json')} cannot be read: it is not valid JSON.`)
      const noKeys = (await startEmulator({aadJwks: join(dir, 'empty.json')}).catch((error: Error) => error)) as Error
      expect(noKeys.message).to.equal(`The JWKS file ${join(dir, 'empty.json')} has no "keys" array.`)
    })
  })
})
