import {expect} from 'chai'

import {IDENTITY_API_VERSIONS, type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {identityPath, signedRequest} from './helpers.js'

describe('emulator error answers', () => {
  let emulator: RunningEmulator
  let userId: string

  before(async () => {
    emulator = await startEmulator()
    userId = (await signedRequest(emulator, 'POST', '/identities?api-version=2023-10-01')).json.identity.id
  })
  after(() => emulator.close())

  describe('token requests', () => {
    for (const minutes of [59, 1441]) {
      it(`answers expiresInMinutes ${minutes} with the service's 400`, async () => {
        const response = await signedRequest(emulator, 'POST', identityPath(userId, '/:issueAccessToken'), {
          scopes: ['chat'],
          expiresInMinutes: minutes,
        })
        expect(response.status).to.equal(400)
        expect(response.json).to.deep.equal({
          error: {
            code: 'ValidationError',
            message: `ExpiresInMinutes value ${minutes} is invalid. Value must be within the [60, 1440] interval.`,
            target: 'ExpiresInMinutes',
          },
        })
      })
    }

    it('checks expiresInMinutes on create too', async () => {
      const response = await signedRequest(emulator, 'POST', '/identities?api-version=2023-10-01', {
        createTokenWithScopes: ['chat'],
        expiresInMinutes: 30,
      })
      expect(response.status).to.equal(400)
      expect(response.json.error.target).to.equal('ExpiresInMinutes')
    })

    it('accepts the bounds 60 and 1440', async () => {
      for (const minutes of [60, 1440]) {
        const response = await signedRequest(emulator, 'POST', identityPath(userId, '/:issueAccessToken'), {
          scopes: ['chat'],
          expiresInMinutes: minutes,
        })
        expect(response.status, String(minutes)).to.equal(200)
      }
    })

    it("answers empty scopes with the service's 400", async () => {
      const response = await signedRequest(emulator, 'POST', identityPath(userId, '/:issueAccessToken'), {scopes: []})
      expect(response.status).to.equal(400)
      expect(response.json).to.deep.equal({
        error: {code: 'ValidationError', message: 'Invalid scopes - Scopes field is required.', target: 'scopes'},
      })
    })

    it("answers null scopes (what the Python SDK sends for none) like the service's model validation", async () => {
      const response = await signedRequest(emulator, 'POST', identityPath(userId, '/:issueAccessToken'), {
        scopes: null,
        expiresInMinutes: null,
      })
      expect(response.status).to.equal(400)
      expect(response.json).to.deep.equal({
        error: {code: 'ValidationError', message: 'Scopes: The Scopes field is required.', target: 'Scopes'},
      })
    })

    it('answers an unknown scope with a 400 ValidationError naming it', async () => {
      const response = await signedRequest(emulator, 'POST', identityPath(userId, '/:issueAccessToken'), {
        scopes: ['chat', 'teleport'],
      })
      expect(response.status).to.equal(400)
      expect(response.json.error.code).to.equal('ValidationError')
      expect(response.json.error.message).to.contain("'teleport'")
    })

    it('creates an identity without a token when createTokenWithScopes is null', async () => {
      const response = await signedRequest(emulator, 'POST', '/identities?api-version=2022-10-01', {
        createTokenWithScopes: null,
        expiresInMinutes: null,
      })
      expect(response.status).to.equal(201)
      expect(Object.keys(response.json)).to.deep.equal(['identity'])
    })

    it('answers a body that is not JSON with a 400 ValidationError', async () => {
      const response = await signedRequest(emulator, 'POST', identityPath(userId, '/:issueAccessToken'), '{"scopes": [')
      expect(response.status).to.equal(400)
      expect(response.json.error.code).to.equal('ValidationError')
    })
  })

  describe('identities', () => {
    const foreign = '8:acs:00000000-1111-2222-3333-444444444444_55555555-6666-7777-8888-999999999999'
    const notOwned = {error: {code: 'IdentityNotOwned', message: "Provided identity doesn't belong to the resource."}}

    it('answers 401 IdentityNotOwned for a foreign id on issue, revoke and delete', async () => {
      const answers = await Promise.all([
        signedRequest(emulator, 'POST', identityPath(foreign, '/:issueAccessToken'), {scopes: ['chat']}),
        signedRequest(emulator, 'POST', identityPath(foreign, '/:revokeAccessTokens')),
        signedRequest(emulator, 'DELETE', identityPath(foreign)),
      ])
      for (const response of answers) {
        expect(response.status).to.equal(401)
        expect(response.json).to.deep.equal(notOwned)
      }
    })

    it('answers revoke and delete with an empty 204, like the service', async () => {
      const created = (await signedRequest(emulator, 'POST', '/identities?api-version=2023-10-01')).json.identity.id
      for (const response of [
        await signedRequest(emulator, 'POST', identityPath(created, '/:revokeAccessTokens')),
        await signedRequest(emulator, 'DELETE', identityPath(created)),
      ]) {
        expect(response.status).to.equal(204)
        expect(response.text).to.equal('')
        expect(response.headers).not.to.have.property('content-type')
      }
    })

    it('answers 401 IdentityNotOwned for an unknown id of this resource and for a deleted one', async () => {
      const unknown = `8:acs:${emulator.resourceId}_00000000-0000-0000-0000-000000000000`
      const created = (await signedRequest(emulator, 'POST', '/identities?api-version=2023-10-01')).json.identity.id
      expect((await signedRequest(emulator, 'DELETE', identityPath(created))).status).to.equal(204)
      for (const id of [unknown, created]) {
        const response = await signedRequest(emulator, 'DELETE', identityPath(id))
        expect(response.status).to.equal(401)
        expect(response.json).to.deep.equal(notOwned)
      }
    })
  })

  describe('api-version, routes and methods', () => {
    it('serves every stable api-version up to 2023-10-01', async () => {
      for (const version of IDENTITY_API_VERSIONS) {
        const response = await signedRequest(emulator, 'POST', `/identities?api-version=${version}`)
        expect(response.status, version).to.equal(201)
        expect(response.headers['api-supported-versions']).to.equal(IDENTITY_API_VERSIONS.join(', '))
      }
    })

    it('answers an unsupported api-version with 400 UnsupportedApiVersion naming the supported versions', async () => {
      const response = await signedRequest(emulator, 'POST', '/identities?api-version=2020-07-20-preview2')
      expect(response.status).to.equal(400)
      expect(response.json.error.code).to.equal('UnsupportedApiVersion')
      expect(response.json.error.message).to.equal(
        `The HTTP resource that matches the request URI '${emulator.url}identities' does not support the API version '2020-07-20-preview2'.`,
      )
      expect(response.json.error.innererror.message).to.contain('2023-10-01')
      expect(response.headers['api-supported-versions']).to.equal(IDENTITY_API_VERSIONS.join(', '))
    })

    it('answers the Teams exchange at an api-version from before it existed with UnsupportedApiVersion', async () => {
      const response = await signedRequest(
        emulator,
        'POST',
        '/teamsUser/:exchangeAccessToken?api-version=2021-03-07',
        {},
      )
      expect(response.status).to.equal(400)
      expect(response.json.error.code).to.equal('UnsupportedApiVersion')
    })

    it('answers a missing api-version with 400 ApiVersionUnspecified', async () => {
      const response = await signedRequest(emulator, 'POST', '/identities')
      expect(response.status).to.equal(400)
      expect(response.json.error).to.include({
        code: 'ApiVersionUnspecified',
        message: 'An API version is required, but was not specified.',
      })
    })

    it('answers an unknown path with an empty 404', async () => {
      const response = await signedRequest(emulator, 'POST', '/identitiez?api-version=2023-10-01')
      expect(response.status).to.equal(404)
      expect(response.text).to.equal('')
    })

    it('answers a wrong method on a known route with 405 and an Allow header', async () => {
      const response = await signedRequest(emulator, 'GET', '/identities?api-version=2023-10-01')
      expect(response.status).to.equal(405)
      expect(response.headers.allow).to.equal('POST')
      expect(response.json.error).to.include({
        code: 'UnsupportedApiVersion',
        message: "The requested resource with API version '2023-10-01' does not support HTTP method 'GET'.",
      })
    })
  })
})
