import {expect} from 'chai'
import {execFile, execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {decodeJwt, FIXTURES, TLS} from './helpers.js'

/**
 * The first python3 on PATH that has the SDK (a PATH may list a python3 without it first, a pyenv shim for
 * instance), or why there is none.
 */
function findPythonWithSdk(): {python: string} | {missing: string} {
  const candidates = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'python3'))
  let found = false
  for (const python of candidates) {
    if (!existsSync(python)) continue
    found = true
    try {
      execFileSync(python, ['-c', 'import azure.communication.identity'], {stdio: 'ignore', timeout: 30_000})
      return {python}
    } catch {
      // This python3 has no SDK: try the next one on PATH.
    }
  }
  return {
    missing: found
      ? 'no python3 on PATH has azure-communication-identity (Debian: apt-get install python3-azure; .ci/run installs it)'
      : 'no python3 on PATH',
  }
}

// az's own client. Without Python or the SDK the suite is pending with the reason; .ci/run installs both.
describe("az's Python SDK (azure-communication-identity) against the emulator over TLS", function () {
  this.timeout(60_000)
  const python = findPythonWithSdk()
  if ('missing' in python) {
    it(`runs the Python client (pending: ${python.missing})`)
    return
  }
  const PYTHON = python.python
  let emulator: RunningEmulator
  let result: any

  before(async function () {
    const requests: string[] = []
    emulator = await startEmulator({tls: {cert: TLS.cert, key: TLS.key}, logger: (line) => requests.push(line)})
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        PYTHON,
        [join(FIXTURES, 'python_client.py')],
        {env: {...process.env, ACS_CONNECTION_STRING: emulator.connectionString, REQUESTS_CA_BUNDLE: TLS.ca}},
        (error, out, err) =>
          error ? reject(new Error(`${error.message}\n${err}\n${requests.join('\n')}`)) : resolve(out),
      )
    })
    result = JSON.parse(stdout)
  })
  after(() => emulator?.close())

  it('creates users with ids of the emulator resource', () => {
    expect(result.user.startsWith(`8:acs:${emulator.resourceId}_`)).to.equal(true)
  })

  it('creates a user and a token with a custom lifetime, keeping expiresOn as the service string az prints', () => {
    expect(result.token_expires_on).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/)
    expect(Date.parse(result.token_expires_on) - Date.now()).to.be.within(55 * 60_000, 60 * 60_000)
  })

  it('issues, revokes, deletes and exchanges Teams tokens', () => {
    expect(decodeJwt(result.issued_token).payload.skypeid).to.equal(result.user.slice(2))
    expect(result.teams_expires_on).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.0000000\+00:00$/)
    expect(result.deleted_user_error).to.include({status: 401, code: 'IdentityNotOwned'})
  })

  it("gets the service's model-validation error for scopes it sends as null", () => {
    expect(result.no_scopes_error).to.include({status: 400, code: 'ValidationError'})
    expect(result.no_scopes_error.message).to.contain('Scopes: The Scopes field is required.')
  })
})
