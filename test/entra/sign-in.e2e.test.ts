/**
 * `--auth-mode login` end to end: the real CLI (bin/run.js) signs in with each credential route that runs here,
 * against the emulator's own Entra issuer over TLS, and calls the emulator with the bearer token.
 */
import {expect} from 'chai'

import type {RunningEmulator} from '../../src/emulator/index.js'
import {runCli} from '../helpers/cli.js'
import {endpointOf, sandbox, type Sandbox, servicePrincipalEnv, standInAz, startTlsEmulator} from './helpers.js'

const ACS = 'https://communication.azure.com'

/** stderr without the preview notice az prints before every user-identity command. */
const errorLines = (stderr: string) =>
  stderr.split('\n').filter((line) => line && !line.startsWith('WARNING: Command group'))

describe('Entra ID sign-in (--auth-mode login), end to end', function () {
  this.timeout(60_000)
  let emulator: RunningEmulator
  let box: Sandbox

  beforeEach(async () => {
    box = sandbox()
    emulator = await startTlsEmulator()
  })

  afterEach(async () => {
    await emulator?.close()
    box?.remove()
  })

  const login = (args: string[]) => [...args, '--endpoint', endpointOf(emulator), '--auth-mode', 'login']

  /** Nothing secret may reach stderr: not the client secret, not the identity header, not a token. */
  function expectNoSecrets(stderr: string): void {
    expect(stderr).not.to.include(emulator.entra!.servicePrincipal.secret)
    expect(stderr).not.to.include(emulator.entra!.identityHeader)
    expect(stderr).not.to.match(/eyJ[\w-]{10,}\.[\w-]{10,}/)
  }

  it('signs in as the environment service principal (client secret) and says so under --verbose', async () => {
    const result = await runCli(login(['communication', 'user-identity', 'user', 'create', '--verbose']), {
      env: box.env(servicePrincipalEnv(emulator)),
    })
    expect(result.stderr).to.include('INFO: Signed in to Entra ID with EnvironmentCredential.')
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout).rawId).to.match(new RegExp(`^8:acs:${emulator.resourceId}_`))
    expectNoSecrets(result.stderr)
  })

  it('signs in as the environment service principal with a certificate (AZURE_CLIENT_CERTIFICATE_PATH)', async () => {
    const {readFileSync, writeFileSync} = await import('node:fs')
    const {join} = await import('node:path')
    const {TLS} = await import('./helpers.js')
    await emulator.close()
    // Any certificate will do: the test server certificate stands in for one uploaded to the app registration.
    emulator = await startTlsEmulator({clientCertificate: TLS.cert})
    const pem = join(box.dir, 'client.pem')
    writeFileSync(pem, readFileSync(TLS.cert, 'utf8') + readFileSync(TLS.key, 'utf8'), {mode: 0o600})
    const {AZURE_CLIENT_SECRET: _secret, ...principal} = servicePrincipalEnv(emulator)
    const result = await runCli(login(['communication', 'user-identity', 'user', 'create', '--verbose']), {
      env: box.env({...principal, AZURE_CLIENT_CERTIFICATE_PATH: pem}),
    })
    expect(result.stderr).to.include('Signed in to Entra ID with EnvironmentCredential.')
    expect(result.code, result.stderr).to.equal(0)
  })

  it('keeps secrets and tokens out of --debug output', async () => {
    const result = await runCli(
      login(['communication', 'user-identity', 'token', 'issue', '--scope', 'chat', '--debug']),
      {
        env: box.env(servicePrincipalEnv(emulator)),
      },
    )
    expect(result.code, result.stderr).to.equal(0)
    expectNoSecrets(result.stderr)
  })

  it('signs in with the managed identity of IDENTITY_ENDPOINT / IDENTITY_HEADER', async () => {
    const result = await runCli(
      login(['communication', 'user-identity', 'token', 'issue', '--scope', 'voip', '--verbose']),
      {
        env: box.env({
          IDENTITY_ENDPOINT: emulator.entra!.identityEndpoint,
          IDENTITY_HEADER: emulator.entra!.identityHeader,
        }),
      },
    )
    expect(result.stderr).to.include('Signed in to Entra ID with ManagedIdentityCredential.')
    expect(result.code, result.stderr).to.equal(0)
    expect(emulator.checkAccessToken(JSON.parse(result.stdout).token)).to.equal('valid')
    expectNoSecrets(result.stderr)
  })

  it('signs in with workload identity (AZURE_FEDERATED_TOKEN_FILE)', async () => {
    const {writeFileSync} = await import('node:fs')
    const {join} = await import('node:path')
    const federated = emulator.entra!.mintToken(
      {appId: 'kubernetes', objectId: 'system:serviceaccount:default:azc'},
      'api://AzureADTokenExchange',
      Date.now(),
    )
    const file = join(box.dir, 'federated-token')
    writeFileSync(file, federated.token)
    const {AZURE_CLIENT_SECRET: _secret, ...principal} = servicePrincipalEnv(emulator)
    const result = await runCli(login(['communication', 'user-identity', 'user', 'create', '--verbose']), {
      env: box.env({...principal, AZURE_FEDERATED_TOKEN_FILE: file}),
    })
    expect(result.stderr).to.include('Signed in to Entra ID with WorkloadIdentityCredential.')
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stderr).not.to.include(federated.token)
  })

  it('signs in through the Azure CLI (`az account get-access-token`)', async () => {
    const {token, exp} = emulator.entra!.mintToken(emulator.entra!.servicePrincipal, ACS, Date.now())
    standInAz(box, token, exp, emulator.entra!.tenantId)
    const result = await runCli(login(['communication', 'user-identity', 'user', 'create', '--verbose']), {
      env: box.env(),
    })
    expect(result.stderr).to.include('Signed in to Entra ID with AzureCliCredential.')
    expect(result.code, result.stderr).to.equal(0)
    expectNoSecrets(result.stderr)
  })

  it('takes the endpoint from AZURE_COMMUNICATION_ENDPOINT and the mode from the config file', async () => {
    const {writeFileSync} = await import('node:fs')
    const {join} = await import('node:path')
    writeFileSync(join(box.dir, 'az', 'config'), '[communication]\nauth_mode = login\n')
    const result = await runCli(['communication', 'user-identity', 'user', 'create'], {
      env: box.env({...servicePrincipalEnv(emulator), AZURE_COMMUNICATION_ENDPOINT: endpointOf(emulator)}),
    })
    expect(result.code, result.stderr).to.equal(0)
  })

  describe('tokens the service rejects: one line with the service code', () => {
    const cases: Array<[string, (e: RunningEmulator) => {token: string; exp: number}]> = [
      [
        'wrong audience',
        (e) => e.entra!.mintToken(e.entra!.servicePrincipal, 'https://management.azure.com', Date.now()),
      ],
      [
        'another tenant',
        (e) =>
          e.entra!.mintToken(e.entra!.servicePrincipal, ACS, Date.now(), {tid: '72f988bf-86f1-41af-91ab-2d7cd011db47'}),
      ],
      ['an expired token', (e) => e.entra!.mintToken(e.entra!.servicePrincipal, ACS, Date.now() - 2 * 3600_000)],
      [
        'a bad signature',
        (e) => {
          const minted = e.entra!.mintToken(e.entra!.servicePrincipal, ACS, Date.now())
          const [header, claims, signature] = minted.token.split('.')
          const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1)
          return {token: `${header}.${claims}.${flipped}`, exp: minted.exp}
        },
      ],
    ]
    for (const [name, mint] of cases) {
      it(`refuses ${name}: 401 Denied`, async () => {
        const {token, exp} = mint(emulator)
        // The stand-in az hands the bad token over; its expires_on says it is fresh so the library uses it.
        standInAz(box, token, Math.max(exp, Math.floor(Date.now() / 1000) + 3600), emulator.entra!.tenantId)
        const result = await runCli(login(['communication', 'user-identity', 'user', 'create']), {env: box.env()})
        expect(result.code).to.equal(1)
        expect(errorLines(result.stderr)).to.have.length(1)
        expect(result.stderr).to.include(
          'ERROR: The service rejected the Entra ID token from AzureCliCredential (HTTP 401, Denied: Denied by the resource provider.)',
        )
        expect(result.stderr).not.to.include(token)
      })
    }
  })

  it('refuses a principal outside --entra-allowed-principals with 403', async () => {
    await emulator.close()
    emulator = await startTlsEmulator({allowedPrincipals: ['00000000-0000-0000-0000-00000000abcd']})
    const result = await runCli(login(['communication', 'user-identity', 'user', 'create']), {
      env: box.env(servicePrincipalEnv(emulator)),
    })
    expect(result.code).to.equal(1)
    expect(result.stderr).to.include(
      '(HTTP 403, Denied: Denied by the resource provider.); give the principal a role on the resource',
    )
  })

  it("keeps the service's own error for a 401 about the request, not the caller (IdentityNotOwned)", async () => {
    const foreign = '8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001'
    const result = await runCli(
      login(['communication', 'user-identity', 'token', 'revoke', '--user', foreign, '--yes']),
      {
        env: box.env(servicePrincipalEnv(emulator)),
      },
    )
    expect(result.code).to.equal(1)
    expect(result.stderr).to.include("ERROR: (IdentityNotOwned) Provided identity doesn't belong to the resource.")
  })

  it('says what it tried and how to fix it when no credential is available', async () => {
    const result = await runCli(login(['communication', 'user-identity', 'user', 'create']), {env: box.env()})
    expect(result.code).to.equal(1)
    const lines = errorLines(result.stderr)
    expect(lines).to.have.length(1)
    expect(lines[0]).to.match(
      /^ERROR: No Entra ID credential is available \(tried EnvironmentCredential: .*; WorkloadIdentityCredential: .*; ManagedIdentityCredential: .*; AzureCliCredential: .*; AzureDeveloperCliCredential: .*\)\. Sign in with `az login`/,
    )
  })

  it('names a wrong client secret in one line', async () => {
    const result = await runCli(login(['communication', 'user-identity', 'user', 'create']), {
      env: box.env({...servicePrincipalEnv(emulator), AZURE_CLIENT_SECRET: 'not-the-secret-of-this-app'}),
    })
    expect(result.code).to.equal(1)
    expect(errorLines(result.stderr).join('\n')).to.match(
      /^ERROR: Entra ID sign-in with EnvironmentCredential failed: .*AADSTS7000215/,
    )
    expect(result.stderr).not.to.include('not-the-secret-of-this-app')
  })

  it('refuses --endpoint with --auth-mode key and no key, and login without an endpoint', async () => {
    const keyless = await runCli(
      ['communication', 'user-identity', 'user', 'create', '--endpoint', endpointOf(emulator)],
      {env: box.env()},
    )
    expect(keyless.code).to.equal(1)
    expect(errorLines(keyless.stderr).join('\n')).to.equal(
      'ERROR: --endpoint with --auth-mode key needs the access key: give --connection-string (or set ' +
        'AZURE_COMMUNICATION_CONNECTION_STRING), or sign in with Entra ID using --auth-mode login.',
    )
    const noEndpoint = await runCli(['communication', 'user-identity', 'user', 'create', '--auth-mode', 'login'], {
      env: box.env(),
    })
    expect(noEndpoint.code).to.equal(1)
    expect(noEndpoint.stderr).to.include('ERROR: --auth-mode login needs the resource endpoint')
  })

  it('keeps the connection string working as before (key mode is the default)', async () => {
    const result = await runCli(
      ['communication', 'user-identity', 'user', 'create', '--connection-string', emulator.connectionString],
      {
        env: box.env(),
      },
    )
    expect(result.code, result.stderr).to.equal(0)
  })
})
