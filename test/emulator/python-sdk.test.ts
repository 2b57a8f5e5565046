import {expect} from 'chai'
import {execFile, execFileSync} from 'node:child_process'
import {join} from 'node:path'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'
import {decodeJwt, FIXTURES, TLS} from './helpers.js'

const PYTHON = '/usr/bin/python3'

function pythonSdkAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import azure.communication.identity'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

// az's own client. Python is not needed by `npm test`: without it (or without the SDK) this suite is skipped.
describe("az's Python SDK (azure-communication-identity) against the emulator over TLS", function () {
  this.timeout(60_000)
  let emulator: RunningEmulator
  let result: any

  before(async function () {
    if (!pythonSdkAvailable()) {
      // Pending with the reason on the test's line; .ci/run installs the SDK.
      for (const test of this.test!.parent!.tests) test.title += ` (pending: needs ${PYTHON} with azure-communication-identity)`
      this.skip()
    }
    const requests: string[] = []
    emulator = await startEmulator({tls: {cert: TLS.cert, key: TLS.key}, logger: (line) => requests.push(line)})
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        PYTHON,
        [join(FIXTURES, 'python_client.py')],
        {env: {...process.env, ACS_CONNECTION_STRING: emulator.connectionString, REQUESTS_CA_BUNDLE: TLS.ca}},
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}\n${requests.join('\n')}`)) : resolve(out)),
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

  it('gets the service\'s model-validation error for scopes it sends as null', () => {
    expect(result.no_scopes_error).to.include({status: 400, code: 'ValidationError'})
    expect(result.no_scopes_error.message).to.contain('Scopes: The Scopes field is required.')
  })
})
