import {expect} from 'chai'
import {mkdirSync} from 'node:fs'
import {createServer} from 'node:net'
import {join} from 'node:path'

import {makeTempDir, runCli} from '../helpers/cli.js'

import {
  API_VERSION,
  type EmulatorProcess,
  identityPath,
  rawRequest,
  signedHeaders,
  signedRequest,
  spawnEmulator,
  TLS,
  unsignedJwt,
} from './helpers.js'

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })

/** Ends the child whatever the test did (SIGKILL if SIGTERM is not enough), and waits for it. */
async function stop(emulator: EmulatorProcess): Promise<void> {
  if (emulator.child.exitCode !== null || emulator.child.signalCode !== null) return
  emulator.child.kill('SIGTERM')
  const timer = setTimeout(() => emulator.child.kill('SIGKILL'), 10_000)
  try {
    await emulator.exited
  } finally {
    clearTimeout(timer)
  }
}

describe('azc communication emulator start', function () {
  this.timeout(30_000)

  it('prints the connection string as the first line of stdout and exits 0 on SIGTERM', async () => {
    const emulator = await spawnEmulator(['--port', '0'])
    try {
      expect(emulator.connectionString).to.match(
        /^endpoint=http:\/\/127\.0\.0\.1:\d+\/;accesskey=[A-Za-z0-9+/]+={0,2}$/,
      )
      emulator.child.kill('SIGTERM')
      expect(await emulator.exited).to.equal(0)
    } finally {
      await stop(emulator)
    }
  })

  it('exits 0 on SIGINT', async () => {
    const emulator = await spawnEmulator(['--port', '0'])
    try {
      emulator.child.kill('SIGINT')
      expect(await emulator.exited).to.equal(0)
    } finally {
      await stop(emulator)
    }
  })

  it('listens on the port, access key and resource id it is given', async () => {
    const port = await freePort()
    const accessKey = Buffer.alloc(64, 3).toString('base64')
    const resourceId = '2dee53b4-368b-45b4-ab52-8493fb117652'
    const emulator = await spawnEmulator([
      '--port',
      String(port),
      '--access-key',
      accessKey,
      '--resource-id',
      resourceId,
    ])
    try {
      expect(emulator.connectionString).to.equal(`endpoint=http://127.0.0.1:${port}/;accesskey=${accessKey}`)
      const created = await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`)
      expect(created.json.identity.id.startsWith(`8:acs:${resourceId}_`)).to.equal(true)
    } finally {
      await stop(emulator)
    }
  })

  it('serves HTTPS with --cert and --key', async () => {
    const emulator = await spawnEmulator(['--port', '0', '--cert', TLS.cert, '--key', TLS.key])
    try {
      expect(emulator.url).to.match(/^https:\/\/127\.0\.0\.1:\d+\/$/)
      expect((await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`)).status).to.equal(201)
    } finally {
      await stop(emulator)
    }
  })

  it('refuses an access key that is not base64, with exit code 1', async () => {
    const error = await spawnEmulator(['--port', '0', '--access-key', 'not base64!']).catch((error_: Error) => error_)
    expect(String(error)).to.contain('The access key must be base64')
  })

  it('logs one stderr line per request with method, path, status and milliseconds, and no key, signature or token', async () => {
    const emulator = await spawnEmulator(['--port', '0'])
    const secrets = [emulator.accessKey]
    try {
      const createUrl = `${emulator.url}identities?api-version=${API_VERSION}`
      const body = JSON.stringify({createTokenWithScopes: ['chat']})
      const headers = signedHeaders({method: 'POST', url: createUrl, body, accessKey: emulator.accessKey})
      secrets.push(headers.authorization.split('Signature=')[1])
      const created = await rawRequest('POST', createUrl, headers, body)
      secrets.push(created.json.accessToken.token)
      const issued = await signedRequest(
        emulator,
        'POST',
        identityPath(created.json.identity.id, '/:issueAccessToken'),
        {scopes: ['voip']},
      )
      secrets.push(issued.json.token)
      const appId = '1fd6e8a9-3c5b-4a0e-9d2f-6b7c8d9e0f1a'
      const userId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
      const entraToken = unsignedJwt({appid: appId, oid: userId, exp: Math.floor(Date.now() / 1000) + 600})
      secrets.push(entraToken)
      const exchanged = await signedRequest(
        emulator,
        'POST',
        `/teamsUser/:exchangeAccessToken?api-version=${API_VERSION}`,
        {token: entraToken, appId, userId},
      )
      secrets.push(exchanged.json.token)
      await rawRequest(
        'POST',
        createUrl,
        {...headers, authorization: 'HMAC-SHA256 SignedHeaders=x&Signature=Zm9v'},
        body,
      )
    } finally {
      await stop(emulator)
    }
    const requestLines = emulator
      .stderr()
      .split('\n')
      .filter((line) => /^(GET|POST|DELETE) /.test(line))
    expect(requestLines).to.have.length(4)
    expect(requestLines[0]).to.match(/^POST \/identities 201 \d+\.\dms$/)
    expect(requestLines[1]).to.match(/^POST \/identities\/8%3Aacs%3A[^ ]+\/:issueAccessToken 200 \d+\.\dms$/)
    expect(requestLines[2]).to.match(/^POST \/teamsUser\/:exchangeAccessToken 200 \d+\.\dms$/)
    expect(requestLines[3]).to.match(/^POST \/identities 401 \d+\.\dms$/)
    for (const secret of secrets) {
      expect(emulator.stderr()).not.to.contain(secret)
      // Also no recognisable piece of one.
      expect(emulator.stderr()).not.to.contain(secret.slice(0, 16))
    }
  })

  it('never prints the --access-key value, even with --debug', async () => {
    const accessKey = Buffer.alloc(64, 7).toString('base64')
    const emulator = await spawnEmulator(['--port', '0', '--debug', '--access-key', accessKey])
    emulator.child.kill('SIGTERM')
    await emulator.exited
    expect(emulator.stderr()).to.contain('Command arguments')
    expect(emulator.stderr()).not.to.contain(accessKey)
    expect(emulator.stderr()).not.to.contain(accessKey.slice(0, 16))
  })

  it('says at start that AAD token signatures are not checked without --aad-jwks', async () => {
    const emulator = await spawnEmulator(['--port', '0'])
    emulator.child.kill('SIGTERM')
    await emulator.exited
    expect(emulator.stderr()).to.contain('AAD (Entra) token signatures in the Teams exchange are NOT checked')
  })

  it('refuses an empty --host as a usage error (exit 2)', async () => {
    const error = await spawnEmulator(['--port', '0', '--host', '']).catch((error_: Error) => error_)
    expect(String(error))
      .to.contain('emulator exited (2)')
      .and.to.contain("ERROR: argument --host: expected an address, got ''")
  })

  it('warns about a non-loopback bind and shows the real address', async () => {
    const emulator = await spawnEmulator(['--port', '0', '--host', '0.0.0.0'])
    try {
      const {port} = new URL(emulator.url)
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(emulator.stderr()).to.contain('WARNING: listening on 0.0.0.0, which is not a loopback address')
      expect(emulator.stderr()).to.contain(
        `listening on http://0.0.0.0:${port}/ (clients use http://127.0.0.1:${port}/)`,
      )
    } finally {
      emulator.child.kill('SIGTERM')
      await emulator.exited
    }
  })

  it('serves IPv6 loopback (--host ::1) at a bracketed endpoint that the SDK and azc reach', async function () {
    const probe = createServer()
    const ipv6 = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false))
      probe.listen(0, '::1', () => probe.close(() => resolve(true)))
    })
    if (!ipv6) this.skip() // pending: this machine has no IPv6 loopback
    const emulator = await spawnEmulator(['--port', '0', '--host', '::1'])
    const temp = makeTempDir()
    try {
      expect(emulator.url).to.match(/^http:\/\/\[::1\]:\d+\/$/)
      expect(emulator.stderr()).not.to.contain('WARNING')
      expect((await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`)).status).to.equal(201)
      const configDir = join(temp.path, 'config')
      mkdirSync(configDir)
      const result = await runCli(
        [
          'communication',
          'user-identity',
          'user',
          'create',
          '--connection-string',
          emulator.connectionString,
          '--only-show-errors',
        ],
        {env: {AZURE_CONFIG_DIR: configDir}},
      )
      expect(result.code, result.stderr).to.equal(0)
      expect(JSON.parse(result.stdout).rawId).to.match(/^8:acs:/)
    } finally {
      temp.remove()
      emulator.child.kill('SIGTERM')
      await emulator.exited
    }
  })
  it('serves HTTPS on IPv6 loopback that azc reaches, checking the certificate against ::1', async function () {
    const probe = createServer()
    const ipv6 = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false))
      probe.listen(0, '::1', () => probe.close(() => resolve(true)))
    })
    if (!ipv6) this.skip() // pending: this machine has no IPv6 loopback
    const emulator = await spawnEmulator(['--port', '0', '--host', '::1', '--cert', TLS.cert, '--key', TLS.key])
    const temp = makeTempDir()
    try {
      expect(emulator.url).to.match(/^https:\/\/\[::1\]:\d+\/$/)
      const configDir = join(temp.path, 'config')
      mkdirSync(configDir)
      for (const trust of [{NODE_EXTRA_CA_CERTS: TLS.ca}, {REQUESTS_CA_BUNDLE: TLS.ca}]) {
        const result = await runCli(
          [
            'communication',
            'user-identity',
            'user',
            'create',
            '--connection-string',
            emulator.connectionString,
            '--only-show-errors',
          ],
          {env: {AZURE_CONFIG_DIR: configDir, ...trust}},
        )
        expect(result.code, `${Object.keys(trust)[0]}: ${result.stderr}`).to.equal(0)
      }
    } finally {
      temp.remove()
      emulator.child.kill('SIGTERM')
      await emulator.exited
    }
  })
})
