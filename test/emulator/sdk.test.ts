import type {CommunicationUserIdentifier} from '@azure/communication-common'
import {CommunicationIdentityClient} from '@azure/communication-identity'
import {expect} from 'chai'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {decodeJwt, TEST_CA, TLS, unsignedJwt} from './helpers.js'

const ACS_ID = /^8:acs:[0-9a-f-]{36}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

for (const scheme of ['http', 'https'] as const) {
  describe(`the JS SDK (@azure/communication-identity) against the emulator over ${scheme}`, () => {
    let emulator: RunningEmulator
    let client: CommunicationIdentityClient

    before(async () => {
      emulator = await startEmulator(scheme === 'https' ? {tls: {cert: TLS.cert, key: TLS.key}} : {})
      client = new CommunicationIdentityClient(emulator.connectionString, {
        allowInsecureConnection: scheme === 'http',
        tlsOptions: {ca: TEST_CA},
        retryOptions: {maxRetries: 0},
      })
    })
    after(() => emulator.close())

    it(`prints an ${scheme} connection string on 127.0.0.1 with the access key`, () => {
      expect(emulator.connectionString).to.match(new RegExp(`^endpoint=${scheme}://127\\.0\\.0\\.1:\\d+/;accesskey=`))
      expect(emulator.connectionString.endsWith(`accesskey=${emulator.accessKey}`)).to.equal(true)
    })

    it('creates a user whose id is 8:acs:<resource id>_<GUID>', async () => {
      const user = await client.createUser()
      expect(user.communicationUserId).to.match(ACS_ID)
      expect(user.communicationUserId.startsWith(`8:acs:${emulator.resourceId}_`)).to.equal(true)
    })

    it('creates a user with a token carrying the requested scopes', async () => {
      const {user, token, expiresOn} = await client.createUserAndToken(['chat', 'voip'])
      const {header, payload} = decodeJwt(token)
      expect(header).to.include({alg: 'RS256', typ: 'JWT'})
      expect(payload).to.include({skypeid: user.communicationUserId.slice(2), scp: 1792, acsScope: 'chat,voip'})
      expect(payload.resourceId).to.equal(emulator.resourceId)
      expect(expiresOn.getTime() - Date.now()).to.be.within(1439 * 60_000, 1440 * 60_000)
    })

    it('issues a token for an existing user with a custom lifetime', async () => {
      const user = await client.createUser()
      const {token, expiresOn} = await client.getToken(user, ['chat.join', 'voip.join'], {tokenExpiresInMinutes: 60})
      expect(decodeJwt(token).payload.acsScope).to.equal('chat.join,voip.join')
      expect(expiresOn.getTime() - Date.now()).to.be.within(59 * 60_000, 60 * 60_000)
      expect(emulator.checkAccessToken(token)).to.equal('valid')
    })

    it('revokes the tokens of a user', async () => {
      const {user, token} = await client.createUserAndToken(['chat'])
      await client.revokeTokens(user)
      expect(emulator.checkAccessToken(token)).to.equal('revoked')
    })

    it('deletes a user, after which the user is no longer owned', async () => {
      const user = await client.createUser()
      await client.deleteUser(user)
      const error = await client.getToken(user, ['chat']).catch((error_: unknown) => error_)
      expect(error).to.include({statusCode: 401, code: 'IdentityNotOwned'})
    })

    it('exchanges an Entra token of a Teams user for a token that expires with it', async () => {
      const appId = '2b0f0d8f-6c6d-4a5b-9bb1-5b7a0f1c2d3e'
      const userId = '7e1c2a4b-3f5d-4c6e-8a9b-0c1d2e3f4a5b'
      const exp = Math.floor(Date.now() / 1000) + 3600
      const entraToken = unsignedJwt({appid: appId, oid: userId, tid: 'b1c2d3e4-0000-4000-8000-000000000000', exp})
      const {token, expiresOn} = await client.getTokenForTeamsUser({
        teamsUserAadToken: entraToken,
        clientId: appId,
        userObjectId: userId,
      })
      expect(decodeJwt(token).payload).to.include({skypeid: `orgid:${userId}`, scp: 1024, exp})
      expect(expiresOn.getTime()).to.equal(exp * 1000)
    })

    it('answers a foreign identity with the SDK error IdentityNotOwned', async () => {
      const foreign: CommunicationUserIdentifier = {
        communicationUserId: '8:acs:00000000-1111-2222-3333-444444444444_55555555-6666-7777-8888-999999999999',
      }
      const error = await client.revokeTokens(foreign).catch((error_: unknown) => error_)
      expect(error).to.include({
        statusCode: 401,
        code: 'IdentityNotOwned',
        message: "Provided identity doesn't belong to the resource.",
      })
    })
  })
}
