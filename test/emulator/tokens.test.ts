import {expect} from 'chai'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {decodeJwt, identityPath, signedRequest} from './helpers.js'

describe('emulator access tokens', () => {
  let emulator: RunningEmulator
  let now = Date.parse('2026-11-27T11:04:07.250Z')

  before(async () => {
    emulator = await startEmulator({clock: () => now})
  })
  after(() => emulator.close())

  // Requests are signed with the real date; the emulator's clock must agree with it within five minutes.
  const atRealTime = async <T>(action: () => Promise<T>) => {
    now = Date.now()
    return action()
  }
  const createWithToken = (body: Record<string, unknown> = {createTokenWithScopes: ['chat']}, version = '2023-10-01') =>
    atRealTime(() => signedRequest(emulator, 'POST', `/identities?api-version=${version}`, body))

  it('writes expiresOn like the service: seven fractional digits and +00:00', async () => {
    for (let i = 0; i < 20; i++) {
      const response = await createWithToken()
      expect(response.json.accessToken.expiresOn).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/)
    }
  })

  it('issues tokens for 1440 minutes by default, with exp matching expiresOn', async () => {
    const before = Date.now()
    const {accessToken} = (await createWithToken()).json
    const expiresOn = Date.parse(accessToken.expiresOn)
    expect(expiresOn - before).to.be.within(1440 * 60_000, 1440 * 60_000 + 5000)
    expect(decodeJwt(accessToken.token).payload.exp).to.equal(Math.floor(expiresOn / 1000))
  })

  it("puts the service's claims in the token", async () => {
    const {identity, accessToken} = (await createWithToken({createTokenWithScopes: ['voip', 'chat']})).json
    const {header, payload} = decodeJwt(accessToken.token)
    expect(Object.keys(header)).to.deep.equal(['alg', 'kid', 'typ'])
    expect(payload).to.deep.equal({
      skypeid: identity.id.slice(2),
      scp: 1792,
      csi: String(payload.iat),
      iat: payload.iat,
      exp: payload.exp,
      acsScope: 'voip,chat',
      resourceId: emulator.resourceId,
    })
  })

  it('ignores expiresInMinutes at api-versions from before custom expiry (2022-10-01)', async () => {
    const {accessToken} = (await createWithToken({createTokenWithScopes: ['chat'], expiresInMinutes: 5}, '2022-06-01'))
      .json
    expect(Date.parse(accessToken.expiresOn) - Date.now()).to.be.greaterThan(1439 * 60_000)
  })

  it('counts a token as revoked once its identity is revoked, and a later token as valid', async () => {
    const {identity, accessToken} = (await createWithToken()).json
    expect(emulator.checkAccessToken(accessToken.token)).to.equal('valid')
    now += 1000
    await signedRequest(emulator, 'POST', identityPath(identity.id, '/:revokeAccessTokens')).then((r) =>
      expect(r.status).to.equal(204),
    )
    expect(emulator.checkAccessToken(accessToken.token)).to.equal('revoked')
    now += 1000
    const later = await signedRequest(emulator, 'POST', identityPath(identity.id, '/:issueAccessToken'), {
      scopes: ['chat'],
    })
    expect(emulator.checkAccessToken(later.json.token)).to.equal('valid')
  })

  it('counts a token as expired after its lifetime, and a tampered one as invalid', async () => {
    const {accessToken} = (await createWithToken({createTokenWithScopes: ['chat'], expiresInMinutes: 60})).json
    const [header, , signature] = accessToken.token.split('.')
    const tampered = `${header}.${Buffer.from(JSON.stringify({...decodeJwt(accessToken.token).payload, scp: 1})).toString('base64url')}.${signature}`
    expect(emulator.checkAccessToken(tampered)).to.equal('invalid')
    now += 61 * 60_000
    expect(emulator.checkAccessToken(accessToken.token)).to.equal('expired')
  })
})
