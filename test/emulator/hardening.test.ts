import {expect} from 'chai'
import {createPublicKey, verify} from 'node:crypto'
import net from 'node:net'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {API_VERSION, identityPath, rawRequest, signedHeaders, signedRequest} from './helpers.js'

const CREATE = `/identities?api-version=${API_VERSION}`

/** Opens a raw TCP connection to the emulator. */
function connect(emulator: RunningEmulator): Promise<net.Socket> {
  const {port} = new URL(emulator.url)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => resolve(socket))
    socket.once('error', reject)
  })
}

/** Everything the server sends until it closes the connection (or `ms` pass). */
function collect(socket: net.Socket, ms = 5000): Promise<{text: string; closed: boolean}> {
  return new Promise((resolve) => {
    let text = ''
    const timer = setTimeout(() => resolve({text, closed: false}), ms)
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
    socket.on('error', () => undefined)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve({text, closed: true})
    })
  })
}

const signedHead = (emulator: RunningEmulator, body: string, extra: Record<string, string> = {}) => {
  const url = new URL(CREATE, emulator.url).toString()
  const headers = {...signedHeaders({method: 'POST', url, body, accessKey: emulator.accessKey}), ...extra}
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
  return `POST ${CREATE} HTTP/1.1\r\nhost: ${new URL(emulator.url).host}\r\n${lines.join('\r\n')}\r\n\r\n`
}

describe('emulator against hostile clients', function () {
  this.timeout(30_000)
  let emulator: RunningEmulator
  const errors: string[] = []

  before(async () => {
    emulator = await startEmulator({
      errorLogger: (line) => errors.push(line),
      limits: {bodyIdleTimeoutMs: 300, headersTimeoutMs: 500, requestTimeoutMs: 2000, bodyBudgetBytes: 256 * 1024},
    })
  })
  after(() => emulator.close())
  afterEach(() => expect(errors, 'no 500 was logged').to.deep.equal([]))

  it('survives 200 unsigned chunked uploads that close mid-body (it used to crash on a null socket)', async () => {
    const chunk = Buffer.alloc(64 * 1024, 97)
    await Promise.all(
      Array.from({length: 200}, async () => {
        const socket = await connect(emulator).catch(() => undefined)
        if (!socket) return
        socket.on('error', () => undefined)
        socket.write(`POST ${CREATE} HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n`)
        for (let i = 0; i < 40 && !socket.destroyed; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)
        socket.destroy()
      }),
    )
    expect((await signedRequest(emulator, 'POST', CREATE)).status).to.equal(201)
  })

  it('survives signed requests over the body cap that close right after the 413', async () => {
    await Promise.all(
      Array.from({length: 50}, async () => {
        const socket = await connect(emulator)
        const answer = collect(socket)
        socket.write(signedHead(emulator, '', {'content-length': String(2 * 1024 * 1024)}))
        socket.write(Buffer.alloc(64 * 1024))
        socket.destroy()
        await answer
      }),
    )
    expect((await signedRequest(emulator, 'POST', CREATE)).status).to.equal(201)
  })

  it('answers an unsigned request with 401 before reading its body, then closes the connection', async () => {
    const socket = await connect(emulator)
    const answer = collect(socket)
    // Headers only: a megabyte is announced and never sent.
    socket.write(
      `POST ${CREATE} HTTP/1.1\r\nhost: x\r\ncontent-length: 1048576\r\ncontent-type: application/json\r\n\r\n`,
    )
    const {text, closed} = await answer
    expect(text).to.match(/^HTTP\/1.1 401/)
    expect(text).to.contain('"code":"Denied"')
    expect(closed).to.equal(true)
  })

  it('checks the body against the signed hash after reading it', async () => {
    const url = new URL(CREATE, emulator.url).toString()
    const headers = signedHeaders({method: 'POST', url, body: '{}', accessKey: emulator.accessKey})
    const response = await rawRequest('POST', url, headers, '{"createTokenWithScopes":["chat"]}')
    expect(response.status).to.equal(401)
    expect(response.json.error.message).to.equal("Request 'x-ms-content-sha256' differs from generated content hash.")
  })

  it('answers a signed body that stalls with 408 and closes the connection', async () => {
    const socket = await connect(emulator)
    const answer = collect(socket)
    socket.write(signedHead(emulator, '{"a":1}', {'content-length': '7'}))
    socket.write('{"a"')
    const {text, closed} = await answer
    expect(text).to.match(/^HTTP\/1.1 408/)
    expect(closed).to.equal(true)
  })

  it('closes a connection whose headers do not arrive in time', async () => {
    const socket = await connect(emulator)
    const answer = collect(socket, 5000)
    socket.write(`POST ${CREATE} HTTP/1.1\r\nhost: x\r\n`)
    const started = Date.now()
    const {closed} = await answer
    expect(closed).to.equal(true)
    expect(Date.now() - started).to.be.lessThan(4000)
  })

  it('answers bodies beyond the global budget with 503 and Retry-After, and serves again once they are gone', async () => {
    // Each of these holds 100 KiB of a signed 200 KiB body: the third passes the 256 KiB budget.
    const body = 'x'.repeat(200 * 1024)
    const sockets = await Promise.all(Array.from({length: 3}, () => connect(emulator)))
    const answers = sockets.map((socket) => collect(socket, 3000))
    for (const socket of sockets) {
      socket.write(signedHead(emulator, body, {'content-length': String(body.length)}))
      socket.write(body.slice(0, 100 * 1024))
    }
    const texts = (await Promise.all(answers)).map((answer) => answer.text)
    const busy = texts.filter((text) => text.startsWith('HTTP/1.1 503'))
    expect(busy.length).to.be.greaterThan(0)
    expect(busy[0].toLowerCase()).to.contain('retry-after: 1')
    for (const socket of sockets) socket.destroy()
    expect((await signedRequest(emulator, 'POST', CREATE, {createTokenWithScopes: ['chat']})).status).to.equal(201)
  })

  it('answers HTTP it cannot parse with a 4xx in the service error body', async () => {
    const socket = await connect(emulator)
    const answer = collect(socket)
    socket.write('GARBAGE / HTTP/1.1\r\n\u0000\r\n\r\n')
    const {text} = await answer
    expect(text).to.match(/^HTTP\/1.1 4\d\d/)
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).to.have.nested.property('error.code')
  })

  it('answers a non-string scope with 400, not 500', async () => {
    const response = await signedRequest(emulator, 'POST', CREATE, {createTokenWithScopes: [{toString: 1}]})
    expect(response.status).to.equal(400)
    expect(response.json.error.code).to.equal('ValidationError')
  })

  it('counts a scope named many times once', async () => {
    const response = await signedRequest(emulator, 'POST', CREATE, {
      createTokenWithScopes: Array.from({length: 20_000}, () => 'chat'),
    })
    expect(response.status).to.equal(201)
    const payload = JSON.parse(Buffer.from(response.json.accessToken.token.split('.')[1], 'base64url').toString('utf8'))
    expect(payload.acsScope).to.equal('chat')
  })

  it('publishes the public key of the tokens it issues as a JWKS, without authentication', async () => {
    const jwks = await rawRequest('GET', emulator.jwksUrl, {})
    expect(jwks.status).to.equal(200)
    const {token} = (await signedRequest(emulator, 'POST', CREATE, {createTokenWithScopes: ['chat']})).json.accessToken
    const [header, payload, signature] = token.split('.')
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).kid
    const jwk = jwks.json.keys.find((key: {kid: string}) => key.kid === kid)
    expect(jwk).to.include({alg: 'RS256', kty: 'RSA', use: 'sig'})
    expect(jwk).not.to.have.property('d')
    const key = createPublicKey({key: jwk, format: 'jwk'})
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).to.equal(
      true,
    )
  })
})

describe('emulator connection cap', function () {
  this.timeout(30_000)

  it('closes the oldest idle connection to make room, so a signed client is still served', async () => {
    const emulator = await startEmulator({limits: {maxConnections: 20}})
    const sockets: net.Socket[] = []
    try {
      let closedByServer = 0
      for (let i = 0; i < 60; i++) {
        const socket = await connect(emulator)
        socket.on('error', () => undefined)
        socket.once('close', () => closedByServer++)
        sockets.push(socket)
      }
      const response = await signedRequest(emulator, 'POST', CREATE)
      expect(response.status).to.equal(201)
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(closedByServer).to.be.at.least(40)
    } finally {
      for (const socket of sockets) socket.destroy()
      await emulator.close()
    }
  })
})

describe('emulator revocation precision', () => {
  it('keeps a token issued in the same second after a revoke valid, and one from before it revoked', async () => {
    let now = Math.floor(Date.now() / 1000) * 1000 + 100
    const emulator = await startEmulator({clock: () => now})
    try {
      const {identity, accessToken: before} = (
        await signedRequest(emulator, 'POST', CREATE, {createTokenWithScopes: ['chat']})
      ).json
      now += 100
      expect(
        (await signedRequest(emulator, 'POST', identityPath(identity.id, '/:revokeAccessTokens'))).status,
      ).to.equal(204)
      now += 100
      const after = (
        await signedRequest(emulator, 'POST', identityPath(identity.id, '/:issueAccessToken'), {scopes: ['chat']})
      ).json
      expect(emulator.checkAccessToken(before.token)).to.equal('revoked')
      expect(emulator.checkAccessToken(after.token)).to.equal('valid')
    } finally {
      await emulator.close()
    }
  })
})
