/**
 * The CLI against servers that misbehave on purpose (bin/run.js as a child process, real SDK, real
 * HTTP on 127.0.0.1): long Retry-After, proxies in the environment, success answers with bodies
 * that do not decode, hostile text in error bodies, TLS behind an http:// endpoint, connections
 * closed without an answer, and a bad communication.timeout.
 */
import {expect} from 'chai'
import {createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import {createServer as createTcpServer, type Server as TcpServer, type Socket} from 'node:net'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {CANNED, CANNED_TLS, startCannedService} from '../helpers/canned-acs-service.js'
import {type CliOptions, makeTempDir, runCli} from '../helpers/cli.js'

const KEY = 'a2V5IGZvciB0aGUgaGFyZGVuaW5nIHRlc3Rz'

/** What az's ACS SDK does with malformed 201s and with an endpoint that closes (test/fixtures/python-json/make-sdk-fixture.py). */
const sdk = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/python-json/sdk-201.json', import.meta.url)), 'utf8'),
) as {
  cases: Array<{
    what: string
    body: string
    contentType: string | null
    raised: string
    azureError: boolean
    message: string
  }>
  closedWithoutAnswer: Record<'POST' | 'DELETE', {connections: number}>
}
const PROXY_VARIABLES = [
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'all_proxy',
  'no_proxy',
]
const NO_PROXY_ENV = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, undefined]))

function listen(server: Server | TcpServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port))
  })
}

function close(server: Server | TcpServer): Promise<void> {
  if ('closeAllConnections' in server) server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** An HTTP server whose nth request (0-based) gets the answer `script(n, request, response)` writes. */
async function scripted(script: (n: number, request: IncomingMessage, response: ServerResponse) => void) {
  let count = 0
  const server = createHttpServer((request, response) => {
    request.resume()
    request.on('end', () => script(count++, request, response))
  })
  const port = await listen(server)
  return {
    server,
    port,
    requests: () => count,
    connectionString: `endpoint=http://127.0.0.1:${port}/;accesskey=${KEY}`,
  }
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  response.writeHead(status, {'content-type': 'application/json; charset=utf-8', ...headers}).end(text)
}

describe('the CLI against misbehaving servers', function () {
  this.timeout(60_000)
  let temp: ReturnType<typeof makeTempDir>
  let configDir: string

  beforeEach(() => {
    temp = makeTempDir()
    configDir = join(temp.path, 'config')
    mkdirSync(configDir)
  })
  afterEach(() => temp.remove())

  /** Runs the CLI; stderr comes back without the preview notice az prints first. */
  const azc = async (args: string[], options: CliOptions = {}) => {
    const result = await runCli(['communication', 'user-identity', ...args], {
      ...options,
      env: {
        AZURE_CONFIG_DIR: configDir,
        HOME: temp.path,
        XDG_CACHE_HOME: join(temp.path, 'cache'),
        XDG_CONFIG_HOME: join(temp.path, 'xdg-config'),
        XDG_DATA_HOME: join(temp.path, 'data'),
        ...NO_PROXY_ENV,
        ...options.env,
      },
    })
    return {...result, stderr: result.stderr.replace(/^WARNING: Command group '[^']+' is in preview[^\n]*\n/, '')}
  }

  describe('Retry-After', () => {
    it('does not wait an hour: past 60 seconds in all it stops at once with the code and when to retry', async () => {
      const service = await scripted((_n, _request, response) =>
        json(
          response,
          429,
          {error: {code: 'TooManyRequests', message: 'Rate limit exceeded.'}},
          {'retry-after': '3600'},
        ),
      )
      try {
        const started = Date.now()
        const result = await azc(['user', 'create', '--connection-string', service.connectionString], {
          timeoutMs: 30_000,
        })
        const elapsed = Date.now() - started
        expect(result.code, result.stderr).to.equal(1)
        expect(elapsed).to.be.lessThan(15_000)
        expect(service.requests()).to.equal(1)
        const lines = result.stderr.split('\n').filter(Boolean)
        expect(lines, result.stderr).to.have.length(1)
        expect(lines[0]).to.match(
          /^ERROR: \(TooManyRequests\) Rate limit exceeded\. The service asks to retry after 3600 seconds, at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; azc waits at most 60 seconds in all\.$/,
        )
        const at = Date.parse(/at (\S+Z);/.exec(lines[0])![1])
        expect(Math.abs(at - (started + 3_600_000))).to.be.lessThan(60_000)
      } finally {
        await close(service.server)
      }
    })

    it('waits a short Retry-After, says so with --verbose, and then succeeds', async () => {
      const service = await scripted((n, _request, response) => {
        if (n === 0) json(response, 503, {error: {code: 'ServiceUnavailable', message: 'Busy.'}}, {'retry-after': '1'})
        else json(response, 201, {identity: {id: CANNED.newUserId}})
      })
      try {
        const result = await azc([
          'user',
          'create',
          '--connection-string',
          service.connectionString,
          '--verbose',
          '--query',
          'rawId',
          '-o',
          'tsv',
        ])
        expect(result.code, result.stderr).to.equal(0)
        expect(result.stdout).to.equal(`${CANNED.newUserId}\n`)
        expect(result.stderr).to.include(
          'INFO: The service answered 503 (ServiceUnavailable) and asks to retry after 1 seconds: waiting 1 seconds (at most 60 seconds in all).\n',
        )
      } finally {
        await close(service.server)
      }
    })
  })

  describe('proxy variables', () => {
    /** A forward proxy that only records that someone used it, and answers 502. */
    async function recordingProxy() {
      const used: string[] = []
      const server = createTcpServer((socket: Socket) => {
        socket.once('data', (data) => {
          used.push(data.toString('latin1').split('\r\n')[0])
          socket.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')
        })
        socket.on('error', () => {})
      })
      const port = await listen(server)
      return {server, used, url: `http://127.0.0.1:${port}`}
    }

    it('still uses the proxy for a remote endpoint (so the tests below prove something)', async () => {
      const proxy = await recordingProxy()
      try {
        const result = await azc(
          [
            'user',
            'create',
            '--connection-string',
            `endpoint=https://contoso.communication.azure.com/;accesskey=${KEY}`,
          ],
          {
            env: {HTTPS_PROXY: proxy.url},
          },
        )
        expect(result.code).to.equal(1)
        expect(proxy.used[0]).to.equal('CONNECT contoso.communication.azure.com:443 HTTP/1.1')
      } finally {
        await close(proxy.server)
      }
    })

    for (const tls of [false, true]) {
      it(`never sends a request for a loopback ${tls ? 'https' : 'http'} endpoint through the proxy`, async () => {
        const proxy = await recordingProxy()
        const canned = await startCannedService({tls})
        try {
          for (const variable of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'https_proxy']) {
            const result = await azc(
              ['user', 'create', '--connection-string', canned.connectionString, '--query', 'rawId', '-o', 'tsv'],
              {
                env: {[variable]: proxy.url, ...(tls ? {NODE_EXTRA_CA_CERTS: CANNED_TLS.certPath} : {})},
              },
            )
            expect(result.code, `${variable}: ${result.stderr}`).to.equal(0)
            expect(result.stdout).to.equal(`${CANNED.newUserId}\n`)
          }
          expect(proxy.used).to.deep.equal([])
          expect(canned.requests).to.have.length(4)
        } finally {
          await canned.close()
          await close(proxy.server)
        }
      })
    }
  })

  describe('a success answer whose body does not decode: what az says', () => {
    // What az's own SDK raises for each 201: az prints an AzureError's message; anything else is a
    // Python traceback in az, one clean line here.
    it('the fixture has its seven cases', () => expect(sdk.cases).to.have.length(7))

    for (const {what, body, contentType, raised, azureError, message} of sdk.cases) {
      it(`${what}: ${azureError ? "az's message" : `one clear line where az's SDK raises ${raised}`}, exit 1`, async () => {
        const service = await scripted((_n, _request, response) => {
          response.writeHead(201, contentType === null ? {} : {'content-type': contentType})
          response.end(body)
        })
        try {
          const result = await azc(['user', 'create', '--connection-string', service.connectionString])
          if (azureError) expect(result.stderr).to.equal(`ERROR: ${message}\n`)
          else
            expect(result.stderr).to.match(
              /^ERROR: The service answered 201 \(Created\) without the expected result: the body [^\n]+\.\n$/,
            )
          expect(result.code).to.equal(1)
          expect(result.stdout).to.equal('')
          expect(service.requests(), 'a POST is not sent again').to.equal(1)
        } finally {
          await close(service.server)
        }
      })
    }

    it('a result value with control characters is refused, never printed to stdout', async () => {
      const service = await scripted((_n, _request, response) =>
        json(response, 201, {identity: {id: `${CANNED.newUserId}\u001B]0;pwned\u0007`}}),
      )
      try {
        const result = await azc(['user', 'create', '--connection-string', service.connectionString, '-o', 'tsv'])
        expect(result.code).to.equal(1)
        expect(result.stderr).to.equal(
          "ERROR: The service answered 201 (Created) without the expected result: the body's identity.id holds control characters.\n",
        )
        expect(result.stdout).to.equal('')
      } finally {
        await close(service.server)
      }
    })

    it('token issue: a 201 without the access token is one clear line', async () => {
      const service = await scripted((_n, _request, response) =>
        json(response, 201, {identity: {id: CANNED.newUserId}}),
      )
      try {
        const result = await azc(['token', 'issue', '--scope', 'chat', '--connection-string', service.connectionString])
        expect(result.code).to.equal(1)
        expect(result.stderr).to.match(
          /^ERROR: The service answered 201 \(Created\) without the expected result: [^\n]+\n$/,
        )
        expect(result.stdout).to.equal('')
      } finally {
        await close(service.server)
      }
    })
  })

  describe('text from the server reaches the terminal escaped', () => {
    it('ANSI escapes, CR/LF and C1 controls in an error body', async () => {
      const hostile = 'Denied\u001B[2J\u001B]0;pwned\u0007\r\nERROR: fake line\u009B31m\u202Egnp.exe'
      const service = await scripted((_n, _request, response) =>
        json(response, 401, {error: {code: 'Denied\u001B[31m', message: hostile, target: 'x\ry'}}),
      )
      try {
        const result = await azc(['user', 'create', '--connection-string', service.connectionString, '--verbose'])
        expect(result.code).to.equal(1)

        expect(result.stderr).to.not.match(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/)
        const escaped = String.raw`Denied\x1b[2J\x1b]0;pwned\x07\r\nERROR: fake line\x9b31m\u202egnp.exe`
        expect(result.stderr).to.include(
          `ERROR: (Denied\\x1b[31m) ${escaped}\nCode: Denied\\x1b[31m\nMessage: ${escaped}\nTarget: x\\ry\n`,
        )
        expect(result.stderr.split('\n').filter((line) => line.startsWith('ERROR: '))).to.have.length(1)
      } finally {
        await close(service.server)
      }
    })

    it('in --debug traces too', async () => {
      const service = await scripted((_n, _request, response) =>
        json(response, 400, {error: {code: 'Bad', message: 'x\u001B[2Jy\u009Bz'}}, {'x-note': 'a\u009Bb'}),
      )
      try {
        const result = await azc(['user', 'create', '--connection-string', service.connectionString, '--debug'])
        expect(result.code).to.equal(1)

        expect(result.stderr).to.not.match(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/)
      } finally {
        await close(service.server)
      }
    })
  })

  describe('certificates: only an unknown issuer suggests NODE_EXTRA_CA_CERTS', () => {
    const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/tls-faults/${name}`, import.meta.url))
    const cases: Array<[string, RegExp]> = [
      [
        'expired',
        /TLS failed: certificate has expired: the server's certificate is out of date; it must be renewed \(or this machine's clock is wrong\)\.$/,
      ],
      [
        'not-yet-valid',
        /TLS failed: certificate is not yet valid: the server's certificate is not valid yet; check this machine's clock\.$/,
      ],
      [
        'wrong-host',
        /TLS failed: Hostname\/IP does not match certificate's altnames: .*: the server's certificate was not issued for '127\.0\.0\.1'; use the host name it was issued for\.$/,
      ],
    ]
    for (const [name, expected] of cases) {
      it(`a ${name} certificate, even one this machine trusts, says what is wrong`, async () => {
        const server = createHttpsServer(
          {cert: readFileSync(fixture(`${name}.crt`)), key: readFileSync(fixture(`${name}.key`))},
          (request, response) => {
            request.resume()
            json(response, 201, {identity: {id: CANNED.newUserId}})
          },
        )
        const port = await listen(server)
        try {
          const result = await azc(
            ['user', 'create', '--connection-string', `endpoint=https://127.0.0.1:${port}/;accesskey=${KEY}`],
            {
              env: {
                NODE_EXTRA_CA_CERTS: fixture(`${name}.crt`),
                REQUESTS_CA_BUNDLE: undefined,
                CURL_CA_BUNDLE: undefined,
              },
            },
          )
          expect(result.code).to.equal(1)
          const lines = result.stderr.split('\n').filter(Boolean)
          expect(lines, result.stderr).to.have.length(1)
          expect(lines[0]).to.match(new RegExp(`^ERROR: Unable to connect to https://127\\.0\\.0\\.1:${port}: `))
          expect(lines[0]).to.match(expected)
          expect(lines[0]).to.not.include('NODE_EXTRA_CA_CERTS')
        } finally {
          await close(server)
        }
      })
    }
  })

  describe('network failures name the real cause', () => {
    it('an http:// endpoint served only over TLS with an untrusted certificate reports the TLS failure', async () => {
      const canned = await startCannedService({tls: true})
      try {
        const endpoint = canned.url.replace(/^https:/, 'http:')
        const result = await azc(['user', 'create', '--connection-string', `endpoint=${endpoint}/;accesskey=${KEY}`], {
          env: {NODE_EXTRA_CA_CERTS: undefined, REQUESTS_CA_BUNDLE: undefined, CURL_CA_BUNDLE: undefined},
        })
        expect(result.code).to.equal(1)
        expect(result.stderr).to.not.include('closed by the other side')
        expect(result.stderr).to.match(
          new RegExp(
            `^ERROR: Unable to connect to ${endpoint}: it answers only over https, and TLS failed: .*self-signed.*NODE_EXTRA_CA_CERTS.*\\n$`,
          ),
        )
      } finally {
        await canned.close()
      }
    })

    it('an endpoint that accepts and closes without answering fails at once: a POST is not sent again (as az)', async () => {
      let connections = 0
      const server = createTcpServer((socket) => {
        connections++
        socket.on('error', () => {})
        socket.destroy()
      })
      const port = await listen(server)
      try {
        const started = Date.now()
        const result = await azc([
          'user',
          'create',
          '--connection-string',
          `endpoint=http://127.0.0.1:${port}/;accesskey=${KEY}`,
        ])
        expect(Date.now() - started).to.be.lessThan(5000)
        expect(result.code).to.equal(1)
        expect(result.stderr).to.equal(
          `ERROR: Unable to connect to http://127.0.0.1:${port}: the server closed the connection before answering. ` +
            'It was not sent again, as the service may have acted on it.\n',
        )
        // As many attempts as az's SDK makes (one), each tried plain and then over https (a loopback
        // server might speak only TLS).
        expect(sdk.closedWithoutAnswer.POST.connections).to.equal(1)
        expect(connections).to.equal(2 * sdk.closedWithoutAnswer.POST.connections)
      } finally {
        await close(server)
      }
    })

    it('an idempotent DELETE to such an endpoint is retried, and still fails within seconds', async () => {
      let connections = 0
      const server = createTcpServer((socket) => {
        connections++
        socket.on('error', () => {})
        socket.destroy()
      })
      const port = await listen(server)
      try {
        const started = Date.now()
        const result = await azc([
          'user',
          'delete',
          '--user',
          CANNED.newUserId,
          '--yes',
          '--connection-string',
          `endpoint=http://127.0.0.1:${port}/;accesskey=${KEY}`,
        ])
        expect(Date.now() - started).to.be.lessThan(12_000)
        expect(result.code).to.equal(1)
        expect(result.stderr).to.equal(
          `ERROR: Unable to connect to http://127.0.0.1:${port}: the server closed the connection before answering.\n`,
        )
        expect(sdk.closedWithoutAnswer.DELETE.connections).to.equal(4)
        expect(connections).to.equal(2 * sdk.closedWithoutAnswer.DELETE.connections)
      } finally {
        await close(server)
      }
    })
  })

  describe('communication.timeout', () => {
    it('names the config file when the bad value is there', async () => {
      writeFileSync(join(configDir, 'config'), '[communication]\ntimeout = 5s\n')
      const result = await azc([
        'user',
        'create',
        '--connection-string',
        `endpoint=http://127.0.0.1:1/;accesskey=${KEY}`,
      ])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        `ERROR: communication.timeout must be a positive number of seconds, not '5s' (from ${join(configDir, 'config')}).\n`,
      )
    })

    for (const value of ['soon', '0', '-5', 'NaN', 'Infinity']) {
      it(`refuses ${JSON.stringify(value)} in one clear line, exit 1, before sending anything`, async () => {
        const service = await scripted((_n, _request, response) =>
          json(response, 201, {identity: {id: CANNED.newUserId}}),
        )
        try {
          const result = await azc(['user', 'create', '--connection-string', service.connectionString], {
            env: {AZURE_COMMUNICATION_TIMEOUT: value},
          })
          expect(result.code).to.equal(1)
          expect(result.stderr).to.match(
            new RegExp(
              `^ERROR: communication\\.timeout must be a positive number of seconds, not '${value}' \\(from [^)]+\\)\\.\\n$`,
            ),
          )
          expect(service.requests()).to.equal(0)
        } finally {
          await close(service.server)
        }
      })
    }
  })
})
