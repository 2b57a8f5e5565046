import {expect} from 'chai'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {API_VERSION, rawRequest, signedHeaders} from './helpers.js'

const DENIED = {error: {code: 'Denied', message: 'Denied by the resource provider.'}}

describe('emulator HMAC authentication', () => {
  let emulator: RunningEmulator
  let url: string
  const body = JSON.stringify({createTokenWithScopes: ['chat']})
  const sign = (options: Partial<Parameters<typeof signedHeaders>[0]> = {}) =>
    signedHeaders({method: 'POST', url, body, accessKey: emulator.accessKey, ...options})

  before(async () => {
    emulator = await startEmulator()
    url = `${emulator.url}identities?api-version=${API_VERSION}`
  })
  after(() => emulator.close())

  it('accepts a correctly signed request', async () => {
    const response = await rawRequest('POST', url, sign(), body)
    expect(response.status).to.equal(201)
  })

  it('answers 401 Denied without an Authorization header', async () => {
    const {authorization: _, ...headers} = sign()
    const response = await rawRequest('POST', url, headers, body)
    expect(response.status).to.equal(401)
    expect(response.json).to.deep.equal(DENIED)
    expect(response.headers['content-type']).to.equal('application/json')
  })

  it('answers 401 Denied to a garbled Authorization header', async () => {
    for (const authorization of [
      'HMAC-SHA256 nonsense',
      'Bearer abc',
      'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=!!!',
    ]) {
      const response = await rawRequest('POST', url, {...sign(), authorization}, body)
      expect(response.status, authorization).to.equal(401)
      expect(response.json).to.deep.equal(DENIED)
    }
  })

  it('answers 401 Denied to a request signed with another key', async () => {
    const otherKey = Buffer.alloc(64, 7).toString('base64')
    const response = await rawRequest('POST', url, sign({accessKey: otherKey}), body)
    expect(response.status).to.equal(401)
    expect(response.json).to.deep.equal(DENIED)
  })

  it('answers 401 with the content-hash message when the body differs from its signed hash', async () => {
    const response = await rawRequest('POST', url, sign(), JSON.stringify({createTokenWithScopes: ['voip']}))
    expect(response.status).to.equal(401)
    expect(response.json).to.deep.equal({
      error: {code: 'Denied', message: "Request 'x-ms-content-sha256' differs from generated content hash."},
    })
  })

  it('answers 401 Denied to a date more than five minutes old', async () => {
    const response = await rawRequest('POST', url, sign({date: new Date(Date.now() - 6 * 60_000)}), body)
    expect(response.status).to.equal(401)
    expect(response.json).to.deep.equal(DENIED)
  })

  it('answers 401 Denied to a date more than five minutes ahead', async () => {
    const response = await rawRequest('POST', url, sign({date: new Date(Date.now() + 6 * 60_000)}), body)
    expect(response.status).to.equal(401)
  })

  it('accepts a retried request that repeats its date and signature', async () => {
    const headers = sign({date: new Date(Date.now() - 60_000)})
    const first = await rawRequest('POST', url, headers, body)
    const retry = await rawRequest('POST', url, headers, body)
    expect([first.status, retry.status]).to.deep.equal([201, 201])
    expect(retry.json.identity.id).not.to.equal(first.json.identity.id)
  })

  it('answers 401 Denied without an x-ms-date header', async () => {
    const {'x-ms-date': _, ...headers} = sign()
    const response = await rawRequest('POST', url, headers, body)
    expect(response.status).to.equal(401)
    expect(response.json).to.deep.equal(DENIED)
  })

  it('answers 401 Denied to a signature made for another host', async () => {
    const response = await rawRequest('POST', url, sign({signedHost: 'other.communication.azure.com'}), body)
    expect(response.status).to.equal(401)
    expect(response.json).to.deep.equal(DENIED)
  })

  it('answers 401 Denied when the signed path differs from the path sent', async () => {
    const headers = sign({url: `${emulator.url}identities?api-version=2022-10-01`})
    const response = await rawRequest('POST', url, headers, body)
    expect(response.status).to.equal(401)
  })

  it('authenticates before routing, so an unsigned request to an unknown path is denied', async () => {
    const response = await rawRequest('GET', `${emulator.url}nowhere`, {})
    expect(response.status).to.equal(401)
  })
})
