import {randomUUID} from 'node:crypto'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'

import {Flags} from '@oclif/core'

import {newSigningKey, privateKeyPem, publicJwk, signingKeyFrom, signJwt} from '../../../emulator/entra/index.js'
import {AzCommand, azFlags} from '../../../framework/az-command.js'
import {AzCliError} from '../../../framework/errors.js'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The audience of the Entra tokens a Teams user gets for Communication Services (the Teams.ManageCalls scope). */
export const TEAMS_TOKEN_AUDIENCE = 'https://auth.msft.communication.azure.com'

export default class EmulatorTeamsToken extends AzCommand<typeof EmulatorTeamsToken> {
  static override summary = 'Mint an Entra ID token of a Teams user that the emulator accepts for get-for-teams-user.'

  static override description = `Prints (on stdout, one line) an RS256 Entra access token for the Teams user --aad-user of the application
--client, as Microsoft Entra ID issues them for Communication Services (audience ${TEAMS_TOKEN_AUDIENCE},
claims appid, oid, tid, scp). Give it to \`communication user-identity token get-for-teams-user\` against the emulator.

An emulator started without --aad-jwks checks the token's claims and lifetime, not its signature, so any token from
this command works. One started with --aad-jwks also checks the signature: sign with --key, a PEM RSA private key
(created, readable only by you, when the file does not exist), and give the emulator the JWKS that --jwks writes.
For tests only: a real service accepts only tokens from Microsoft Entra ID.`

  static override examples = [
    {
      description: 'A token for an emulator started without --aad-jwks',
      command: '<%= config.bin %> <%= command.id %> --aad-user "$oid" --client "$app"',
    },
    {
      description: 'Once: make a key and the JWKS the emulator verifies with',
      command:
        '<%= config.bin %> <%= command.id %> --key teams-key.pem --jwks teams-jwks.json --aad-user "$oid" --client "$app" > /dev/null\n' +
        '<%= config.bin %> communication emulator start --aad-jwks teams-jwks.json',
    },
    {
      description: 'Then exchange a signed token',
      command:
        'aad=$(<%= config.bin %> <%= command.id %> --key teams-key.pem --aad-user "$oid" --client "$app")\n' +
        '<%= config.bin %> communication user-identity token get-for-teams-user --aad-token "$aad" --client "$app" --aad-user "$oid"',
    },
  ]

  static override flags = {
    'aad-user': Flags.string({
      summary: 'Object ID (GUID) of the Teams user: the oid claim.',
      required: true,
      helpValue: '<object id>',
    }),
    client: Flags.string({
      summary: 'Client ID (GUID) of the Entra application: the appid claim.',
      required: true,
      helpValue: '<app id>',
    }),
    tenant: Flags.string({
      summary: 'Tenant ID (GUID): the tid claim. Default: a random one.',
      helpValue: '<tenant id>',
    }),
    'expires-in-minutes': azFlags.integer({
      summary: 'Lifetime of the token in minutes.',
      min: 1,
      max: 1440,
      default: 60,
    }),
    key: Flags.string({
      summary: 'PEM RSA private key to sign with; created when the file does not exist.',
      helpValue: '<file>',
    }),
    jwks: Flags.string({
      summary: 'Write the JWKS of the signing key here, for `emulator start --aad-jwks`.',
      helpValue: '<file>',
    }),
  }

  async run(): Promise<void> {
    const {flags} = this
    for (const [name, value] of [
      ['--aad-user', flags['aad-user']],
      ['--client', flags.client],
      ['--tenant', flags.tenant],
    ] as const) {
      if (value !== undefined && !GUID.test(value))
        throw new AzCliError(`${name} must be a GUID, for example ${randomUUID()}.`)
    }
    if (flags.jwks && !flags.key)
      throw new AzCliError('--jwks needs --key: the JWKS is of the key the tokens are signed with.')

    let key
    try {
      if (flags.key && existsSync(flags.key)) key = signingKeyFrom(readFileSync(flags.key, 'utf8'))
      else {
        key = newSigningKey()
        if (flags.key) writeFileSync(flags.key, privateKeyPem(key), {mode: 0o600, flag: 'wx'})
      }
      if (flags.jwks) writeFileSync(flags.jwks, `${JSON.stringify({keys: [publicJwk(key)]}, null, 2)}\n`)
    } catch (error) {
      throw new AzCliError(`Cannot use the signing key ${flags.key}: ${(error as Error).message}`, {cause: error})
    }

    const now = Math.floor(Date.now() / 1000)
    const tenant = (flags.tenant ?? randomUUID()).toLowerCase()
    const token = signJwt(
      {
        aud: TEAMS_TOKEN_AUDIENCE,
        iss: `https://sts.windows.net/${tenant}/`,
        iat: now,
        nbf: now,
        exp: now + (flags['expires-in-minutes'] ?? 60) * 60,
        appid: flags.client.toLowerCase(),
        oid: flags['aad-user'].toLowerCase(),
        tid: tenant,
        scp: 'Teams.ManageCalls Teams.ManageChats',
        ver: '1.0',
      },
      key,
    )
    process.stdout.write(`${token}\n`)
  }
}
