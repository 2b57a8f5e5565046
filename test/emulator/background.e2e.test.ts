/**
 * The background emulator as scripts use it, through the real CLI: `emulator start --detach` returns once the
 * emulator listens (no sleep, no polling of an output file), `status` describes it, `stop` ends its process; and
 * `--tls` serves HTTPS with a CA it makes itself, which a client trusts through NODE_EXTRA_CA_CERTS.
 */
import {expect} from 'chai'
import {X509Certificate} from 'node:crypto'
import {existsSync, readFileSync, statSync} from 'node:fs'
import {connect} from 'node:net'
import {join} from 'node:path'

import {BIN, type CliOptions, makeTempDir, runCli, runProcess} from '../helpers/cli.js'

const START = ['communication', 'emulator', 'start', '--detach', '--port', '0']
const STATUS = ['communication', 'emulator', 'status']
const STOP = ['communication', 'emulator', 'stop']
const CREATE = [
  'communication',
  'user-identity',
  'user',
  'create',
  '--only-show-errors',
  '--query',
  'rawId',
  '-o',
  'tsv',
]

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return true
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] === 'Z'
  } catch {
    return true
  }
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

/** python3, if the machine has one (the TLS test then also checks the certificate as az's Python does). */
const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find((path) => existsSync(path))

describe('emulator start --detach, status and stop', function () {
  this.timeout(60_000)
  let home: ReturnType<typeof makeTempDir>
  let env: CliOptions['env']
  const stateFile = () => join(home.path, 'data', 'azc', 'emulator', 'emulator.json')

  beforeEach(() => {
    home = makeTempDir('azc-background-')
    env = {
      HOME: home.path,
      XDG_DATA_HOME: join(home.path, 'data'),
      XDG_CONFIG_HOME: join(home.path, 'config'),
      XDG_CACHE_HOME: join(home.path, 'cache'),
      AZURE_CONFIG_DIR: join(home.path, 'azure'),
    }
  })

  afterEach(async () => {
    // Whatever a test left running is stopped here, through the record if the CLI cannot.
    const stopped = await runCli(STOP, {env})
    if (stopped.code !== 0 && stopped.code !== 3) {
      try {
        process.kill(JSON.parse(readFileSync(stateFile(), 'utf8')).pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    home.remove()
  })

  it('returns once the emulator listens, records it (0600), and stop ends the process', async () => {
    const started = await runCli(START, {env})
    expect(started.code, started.stderr).to.equal(0)
    const connectionString = started.stdout.trim()
    expect(connectionString).to.match(/^endpoint=http:\/\/127\.0\.0\.1:\d+\/;accesskey=\S+$/)
    expect(started.stderr).to.match(/running in the background on http:\/\/127\.0\.0\.1:\d+\/ \(pid \d+/)
    expect(statSync(stateFile()).mode & 0o777).to.equal(0o600)

    // Usable at once: the command returned only after the emulator listened.
    const created = await runCli([...CREATE, '--connection-string', connectionString], {env})
    expect(created.code, created.stderr).to.equal(0)
    expect(created.stdout).to.match(/^8:acs:/)

    const status = await runCli(STATUS, {env})
    expect(status.code, status.stderr).to.equal(0)
    const described = JSON.parse(status.stdout)
    expect(`endpoint=${described.endpoint};`).to.equal(connectionString.split('accesskey=')[0])
    expect(status.stdout).not.to.include(connectionString.split('accesskey=')[1])
    expect(described.pid).to.be.a('number')

    const again = await runCli(START, {env})
    expect(again.code).to.equal(1)
    expect(again.stderr.trim()).to.match(/^ERROR: An emulator is already running in the background \(pid \d+/)
    expect(again.stderr.trim().split('\n')).to.have.length(1)

    const stopped = await runCli(STOP, {env})
    expect(stopped.code, stopped.stderr).to.equal(0)
    expect(processGone(described.pid), 'the emulator process is gone').to.equal(true)
    expect(await refused(described.port), 'nothing listens on its port').to.equal(true)

    for (const args of [STOP, STATUS]) {
      const none = await runCli(args, {env})
      expect(none.code).to.equal(3)
      expect(none.stdout).to.equal('')
      expect(none.stderr).to.match(/^ERROR: No emulator is running in the background \(no live .*emulator\.json\)\.\n$/)
    }
  })

  it('prints export lines that a shell script can eval and use on the next line', async () => {
    const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`
    const azc = `${quote(process.execPath)} ${quote(BIN)}`
    const script = [
      'set -euo pipefail',
      `eval "$(${azc} ${START.join(' ')} --env)"`,
      `${azc} ${CREATE.join(' ')}`,
      `${azc} ${STOP.join(' ')}`,
    ].join('\n')
    const result = await runProcess('bash', ['-c', script], {env})
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stdout).to.match(/^8:acs:\S+\n$/)
  })

  it('--tls makes a CA once, serves HTTPS with it, and a client trusting the CA succeeds', async () => {
    const started = await runCli([...START, '--tls', '--env'], {env})
    expect(started.code, started.stderr).to.equal(0)
    const vars = Object.fromEntries(
      [...started.stdout.matchAll(/^export (\w+)=(?:'([^']*)'|(\S*))$/gm)].map((m) => [m[1], m[2] ?? m[3]]),
    )
    expect(Object.keys(vars)).to.have.members([
      'AZURE_COMMUNICATION_CONNECTION_STRING',
      'REQUESTS_CA_BUNDLE',
      'NODE_EXTRA_CA_CERTS',
    ])
    expect(vars.AZURE_COMMUNICATION_CONNECTION_STRING).to.match(/^endpoint=https:\/\/127\.0\.0\.1:\d+\//)
    const ca = vars.NODE_EXTRA_CA_CERTS
    expect(vars.REQUESTS_CA_BUNDLE).to.equal(ca)
    expect(started.stderr).to.include(`CA certificate to trust: ${ca}`)

    const tlsDir = join(ca, '..')
    for (const key of ['ca-key.pem', 'server-key.pem'])
      expect(statSync(join(tlsDir, key)).mode & 0o777, key).to.equal(0o600)
    const server = new X509Certificate(readFileSync(join(tlsDir, 'server.pem')))
    expect(server.checkIssued(new X509Certificate(readFileSync(ca)))).to.equal(true)
    expect(server.subjectAltName).to.include('IP Address:127.0.0.1').and.include('DNS:localhost')
    expect(Date.parse(server.validFrom)).to.be.at.most(Date.now() - 23 * 60 * 60 * 1000)

    const created = await runCli(CREATE, {env: {...env, ...vars}})
    expect(created.code, created.stderr).to.equal(0)
    expect(created.stdout).to.match(/^8:acs:/)

    // Without the CA the same request fails the certificate check: the trust comes from the printed file.
    const untrusted = await runCli(CREATE, {
      env: {...env, AZURE_COMMUNICATION_CONNECTION_STRING: vars.AZURE_COMMUNICATION_CONNECTION_STRING},
    })
    expect(untrusted.code).to.not.equal(0)

    // The next start reuses the CA a client already trusts.
    const caText = readFileSync(ca, 'utf8')
    expect((await runCli(STOP, {env})).code).to.equal(0)
    const restarted = await runCli([...START, '--tls'], {env})
    expect(restarted.code, restarted.stderr).to.equal(0)
    expect(readFileSync(ca, 'utf8')).to.equal(caText)
  })

  it("--tls: az's Python trusts the CA, in strict X.509 mode (Python 3.13's default)", async function () {
    if (!python) {
      this.test!.title += ' (pending: needs python3)'
      this.skip()
    }
    const started = await runCli([...START, '--tls', '--env'], {env})
    expect(started.code, started.stderr).to.equal(0)
    const vars = Object.fromEntries(
      [...started.stdout.matchAll(/^export (\w+)=(?:'([^']*)'|(\S*))$/gm)].map((m) => [m[1], m[2] ?? m[3]]),
    )
    // The handshake completes; the emulator then answers the unsigned request with 401.
    const probe = [
      'import os, ssl, urllib.request, urllib.error',
      "context = ssl.create_default_context(cafile=os.environ['REQUESTS_CA_BUNDLE'])",
      "context.verify_flags |= getattr(ssl, 'VERIFY_X509_STRICT', 0)",
      "url = os.environ['AZURE_COMMUNICATION_CONNECTION_STRING'].split(';')[0][len('endpoint='):]",
      'try:',
      "    urllib.request.urlopen(url + 'identities?api-version=2023-10-01', data=b'{}', context=context)",
      'except urllib.error.HTTPError as error:',
      '    print(error.code)',
    ].join('\n')
    const checked = await runProcess(python!, ['-c', probe], {env: {...env, ...vars}})
    expect(checked.code, checked.stderr).to.equal(0)
    expect(checked.stdout.trim()).to.equal('401')
  })
})
