/**
 * The emulator's Entra side over raw HTTPS: the issuer's endpoints as MSAL and an outside client use them (a
 * client that mints its own tokens through the token endpoint), and the data plane's bearer checks with the
 * service's 401/403 bodies.
 */
import {createPublicKey, verify} from 'node:crypto'

import {expect} from 'chai'

import type {RunningEmulator} from '../../src/emulator/index.js'
import {API_VERSION, decodeJwt, rawRequest, signedRequest} from '../emulator/helpers.js'
import {startTlsEmulator} from './helpers.js'

const ACS = 'https://communication.azure.com'
const DENIED = {error: {code: 'Denied', message: 'Denied by the resource provider.'}}

describe('emulator: Entra issuer and bearer authentication', function () {
  this.timeout(20_000)
  let emulator: RunningEmulator

  before(async () => {
    emulator = await startTlsEmulator({allowedPrincipals: undefined})
  })

  after(async () => {
    await emulator?.close()
  })

  const entra = () => emulator.entra!
  const url = (path: string) => new URL(path, emulator.url).toString()
  const createUser = (authorization: string) =>
    rawRequest(
      'POST',
      url(`/identities?api-version=${API_VERSION}`),
      {authorization, 'content-type': 'application/json'},
      '{}',
    )

  async function clientCredentials(form: Record<string, string>) {
    const body = new URLSearchParams(form).toString()
    return rawRequest(
      'POST',
      url(`/${entra().tenantId}/oauth2/v2.0/token`),
      {'content-type': 'application/x-www-form-urlencoded'},
      body,
    )
  }

  it('serves OpenID metadata and a JWKS that verifies its tokens', async () => {
    const metadata = await rawRequest('GET', url(`/${entra().tenantId}/v2.0/.well-known/openid-configuration`), {})
    expect(metadata.status).to.equal(200)
    expect(metadata.json).to.include({issuer: `${emulator.url}${entra().tenantId}/v2.0`})
    expect(metadata.json.token_endpoint).to.equal(`${emulator.url}${entra().tenantId}/oauth2/v2.0/token`)
    const jwks = await rawRequest('GET', metadata.json.jwks_uri, {})
    const granted = await clientCredentials({
      grant_type: 'client_credentials',
      client_id: entra().servicePrincipal.appId,
      client_secret: entra().servicePrincipal.secret,
      scope: `${ACS}/.default`,
    })
    expect(granted.status).to.equal(200)
    expect(granted.json).to.include({token_type: 'Bearer', expires_in: 3600})
    const [header, claims, signature] = granted.json.access_token.split('.')
    const {header: h, payload} = decodeJwt(granted.json.access_token)
    const key = createPublicKey({key: jwks.json.keys.find((k: {kid: string}) => k.kid === h.kid), format: 'jwk'})
    expect(verify('sha256', Buffer.from(`${header}.${claims}`), key, Buffer.from(signature, 'base64url'))).to.equal(
      true,
    )
    expect(payload).to.include({
      aud: ACS,
      iss: metadata.json.issuer,
      tid: entra().tenantId,
      appid: entra().servicePrincipal.appId,
    })

    // An outside client's own token works on the data plane.
    const created = await createUser(`Bearer ${granted.json.access_token}`)
    expect(created.status).to.equal(201)
  })

  it('refuses a wrong client secret, an unknown client and another tenant as Entra does', async () => {
    const wrongSecret = await clientCredentials({
      grant_type: 'client_credentials',
      client_id: entra().servicePrincipal.appId,
      client_secret: 'x'.repeat(40),
      scope: `${ACS}/.default`,
    })
    expect(wrongSecret.status).to.equal(401)
    expect(wrongSecret.json.error).to.equal('invalid_client')
    expect(wrongSecret.text).not.to.include(entra().servicePrincipal.secret)

    const unknown = await clientCredentials({
      grant_type: 'client_credentials',
      client_id: '0c0c0c0c-0c0c-0c0c-0c0c-0c0c0c0c0c0c',
      client_secret: 'x',
      scope: `${ACS}/.default`,
    })
    expect(unknown.json.error).to.equal('unauthorized_client')

    const otherTenant = await rawRequest(
      'GET',
      url('/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0/.well-known/openid-configuration'),
      {},
    )
    expect(otherTenant.status).to.equal(400)
    expect(otherTenant.json.error).to.equal('invalid_tenant')
  })

  it('speaks the App Service managed-identity protocol, with the X-IDENTITY-HEADER secret', async () => {
    const endpoint = `${entra().identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent(ACS)}`
    const refused = await rawRequest('GET', endpoint, {'x-identity-header': 'wrong'})
    expect(refused.status).to.equal(401)
    const granted = await rawRequest('GET', endpoint, {'x-identity-header': entra().identityHeader})
    expect(granted.status).to.equal(200)
    expect(granted.json).to.include({resource: ACS, token_type: 'Bearer'})
    expect(granted.json.expires_on).to.match(/^\d+$/)
    expect((await createUser(`Bearer ${granted.json.access_token}`)).status).to.equal(201)
  })

  const now = () => Date.now()
  const bad: Array<[string, () => string]> = [
    [
      'a wrong audience',
      () => entra().mintToken(entra().servicePrincipal, 'https://management.azure.com', now()).token,
    ],
    [
      'another tenant',
      () =>
        entra().mintToken(entra().servicePrincipal, ACS, now(), {tid: '72f988bf-86f1-41af-91ab-2d7cd011db47'}).token,
    ],
    [
      'another issuer',
      () => entra().mintToken(entra().servicePrincipal, ACS, now(), {iss: 'https://sts.windows.net/x/'}).token,
    ],
    [
      'an expired token (beyond 5 minutes of skew)',
      () => entra().mintToken(entra().servicePrincipal, ACS, now() - 3600_000 - 6 * 60_000).token,
    ],
    [
      'a token not valid yet',
      () => entra().mintToken(entra().servicePrincipal, ACS, now(), {nbf: Math.floor(now() / 1000) + 3600}).token,
    ],
    [
      'a bad signature',
      () => {
        const [h, c, s] = entra().mintToken(entra().servicePrincipal, ACS, now()).token.split('.')
        return `${h}.${c}.${s.slice(0, -4)}AAAA`
      },
    ],
    [
      'an unsigned token',
      () => {
        const [, c] = entra().mintToken(entra().servicePrincipal, ACS, now()).token.split('.')
        return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${c}.`
      },
    ],
    ['not a JWT', () => 'not-a-token'],
  ]
  for (const [name, token] of bad) {
    it(`answers ${name} with the service's 401 Denied`, async () => {
      const answer = await createUser(`Bearer ${token()}`)
      expect(answer.status).to.equal(401)
      expect(answer.json).to.deep.equal(DENIED)
    })
  }

  it('accepts a token within the clock skew, and keeps HMAC working alongside', async () => {
    const lateButSkewed = entra().mintToken(entra().servicePrincipal, ACS, now() - 3600_000 - 2 * 60_000).token
    expect((await createUser(`Bearer ${lateButSkewed}`)).status).to.equal(201)
    expect((await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`, {})).status).to.equal(201)
  })

  it('answers 403 for a principal outside --entra-allowed-principals', async () => {
    const strict = await startTlsEmulator({allowedPrincipals: ['00000000-0000-0000-0000-00000000abcd']})
    try {
      const token = strict.entra!.mintToken(strict.entra!.servicePrincipal, ACS, Date.now()).token
      const answer = await rawRequest(
        'POST',
        new URL(`/identities?api-version=${API_VERSION}`, strict.url).toString(),
        {authorization: `Bearer ${token}`},
        '{}',
      )
      expect(answer.status).to.equal(403)
      expect(answer.json).to.deep.equal(DENIED)
      const allowed = strict.entra!.mintToken(
        {appId: '00000000-0000-0000-0000-00000000abcd', objectId: 'f0f0f0f0-0000-0000-0000-000000000000'},
        ACS,
        Date.now(),
      ).token
      const ok = await rawRequest(
        'POST',
        new URL(`/identities?api-version=${API_VERSION}`, strict.url).toString(),
        {authorization: `Bearer ${allowed}`},
        '{}',
      )
      expect(ok.status).to.equal(201)
    } finally {
      await strict.close()
    }
  })
})
