/**
 * `azc communication emulator teams-token` end to end: the token it prints is exchanged by get-for-teams-user
 * against the emulator, signed to match --aad-jwks when the emulator checks signatures.
 */
import {randomUUID} from 'node:crypto'
import {statSync} from 'node:fs'
import {join} from 'node:path'

import {expect} from 'chai'

import {startEmulator} from '../../src/emulator/index.js'
import {runCli} from '../helpers/cli.js'
import {sandbox} from './helpers.js'

describe('emulator teams-token', function () {
  this.timeout(60_000)

  it('mints a token that get-for-teams-user exchanges, signed to match --aad-jwks', async () => {
    const box = sandbox()
    const oid = randomUUID()
    const app = randomUUID()
    const key = join(box.dir, 'teams-key.pem')
    const jwks = join(box.dir, 'teams-jwks.json')
    const env = box.env()
    const first = await runCli(
      ['communication', 'emulator', 'teams-token', '--key', key, '--jwks', jwks, '--aad-user', oid, '--client', app],
      {env},
    )
    expect(first.code, first.stderr).to.equal(0)
    expect(statSync(key).mode & 0o777).to.equal(0o600)

    const emulator = await startEmulator({aadJwks: jwks})
    try {
      const exchange = (token: string) =>
        runCli(
          [
            'communication',
            'user-identity',
            'token',
            'get-for-teams-user',
            '--aad-token',
            token,
            '--client',
            app,
            '--aad-user',
            oid,
          ],
          {
            env: box.env({AZURE_COMMUNICATION_CONNECTION_STRING: emulator.connectionString}),
          },
        )
      const signed = await runCli(
        ['communication', 'emulator', 'teams-token', '--key', key, '--aad-user', oid, '--client', app],
        {env},
      )
      expect(signed.code, signed.stderr).to.equal(0)
      const token = signed.stdout.trim()
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))
      expect(claims).to.include({oid, appid: app, aud: 'https://auth.msft.communication.azure.com'})

      const ok = await exchange(token)
      expect(ok.code, ok.stderr).to.equal(0)
      expect(JSON.parse(ok.stdout)).to.have.keys(['token', 'expires_on'])

      // Another key's token fails the emulator's signature check, as a forged one fails the service's.
      const other = await runCli(['communication', 'emulator', 'teams-token', '--aad-user', oid, '--client', app], {
        env,
      })
      const refused = await exchange(other.stdout.trim())
      expect(refused.code).to.equal(1)
      expect(refused.stderr).to.include('(InvalidAccessToken) Provided access token is not valid.')
    } finally {
      await emulator.close()
      box.remove()
    }
  })

  it('refuses ids that are not GUIDs in one line', async () => {
    const box = sandbox()
    try {
      const result = await runCli(
        ['communication', 'emulator', 'teams-token', '--aad-user', 'alice', '--client', randomUUID()],
        {env: box.env()},
      )
      expect(result.code).to.equal(1)
      expect(result.stderr).to.match(/^ERROR: --aad-user must be a GUID, for example [0-9a-f-]{36}\.\n$/)
    } finally {
      box.remove()
    }
  })
})
