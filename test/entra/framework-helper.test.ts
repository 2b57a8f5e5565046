/**
 * The framework's azureSignIn() from a host command: the credential signs in (here through the managed identity
 * endpoint of the emulator's issuer), the subscription in effect follows --subscription then az's default, and a
 * host that never signs in never loads @azure/identity.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {expect} from 'chai'

import {startEmulator} from '../../src/emulator/index.js'
import {AzCommand} from '../../src/framework/az-command.js'
import {azureSignIn, NoAzureCredentialError} from '../../src/framework/azure-credential.js'
import {ROOT, runProcess} from '../helpers/cli.js'
import {sandbox} from './helpers.js'

const PROFILE = {
  installationId: 'test',
  subscriptions: [
    {
      id: '11111111-1111-1111-1111-111111111111',
      name: 'Dev',
      tenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
      isDefault: false,
    },
    {
      id: '22222222-2222-2222-2222-222222222222',
      name: 'Prod',
      tenantId: 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
      isDefault: true,
    },
  ],
}

class SignedInCommand extends AzCommand<typeof SignedInCommand> {
  static seen: unknown

  async run(): Promise<void> {
    const {credential, subscription} = azureSignIn({
      configDir: this.azConfig.configDir,
      subscription: this.flags.subscription,
    })
    const token = await credential.getToken('https://communication.azure.com/.default')
    SignedInCommand.seen = {subscription, selected: credential.selected, token: token.token}
  }
}

describe('azureSignIn() for host commands', function () {
  this.timeout(30_000)

  /** Runs `fn` with these process variables, restoring them afterwards. */
  async function withEnv(vars: Record<string, string | undefined>, fn: () => Promise<void>): Promise<void> {
    const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]))
    for (const [name, value] of Object.entries(vars)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    try {
      await fn()
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  }

  it('signs in from an AzCommand and gives the subscription of --subscription, else az default', async () => {
    const box = sandbox()
    const emulator = await startEmulator({})
    try {
      writeFileSync(join(box.dir, 'az', 'azureProfile.json'), `\uFEFF${JSON.stringify(PROFILE)}`)
      const env = {
        ...box.env({
          IDENTITY_ENDPOINT: emulator.entra!.identityEndpoint,
          IDENTITY_HEADER: emulator.entra!.identityHeader,
        }),
        NODE_EXTRA_CA_CERTS: undefined,
      }
      await withEnv(env, async () => {
        await SignedInCommand.run([], import.meta.url)
        const seen = SignedInCommand.seen as {
          subscription: {id: string; source: string}
          selected: string
          token: string
        }
        expect(seen.selected).to.equal('ManagedIdentityCredential')
        expect(seen.subscription).to.include({id: '22222222-2222-2222-2222-222222222222', source: 'profile'})
        const claims = JSON.parse(Buffer.from(seen.token.split('.')[1], 'base64url').toString('utf8'))
        expect(claims).to.include({aud: 'https://communication.azure.com', tid: emulator.entra!.tenantId})

        await SignedInCommand.run(['--subscription', 'dev'], import.meta.url)
        expect((SignedInCommand.seen as {subscription: unknown}).subscription).to.deep.equal({
          id: '11111111-1111-1111-1111-111111111111',
          name: 'Dev',
          tenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
          source: 'flag',
        })
      })
    } finally {
      await emulator.close()
      box.remove()
    }
  })

  it('lists what it tried when no credential is available', async () => {
    const box = sandbox()
    try {
      await withEnv({...box.env(), NODE_EXTRA_CA_CERTS: undefined}, async () => {
        const {credential, subscription} = azureSignIn({
          only: ['EnvironmentCredential', 'WorkloadIdentityCredential', 'AzureCliCredential'],
        })
        expect(subscription).to.equal(undefined)
        const error = await credential
          .getToken('https://management.azure.com/.default')
          .catch((error_: unknown) => error_)
        expect(error).to.be.instanceOf(NoAzureCredentialError)
        expect((error as NoAzureCredentialError).tried.map((t) => t.name)).to.deep.equal([
          'EnvironmentCredential',
          'WorkloadIdentityCredential',
          'AzureCliCredential',
        ])
      })
    } finally {
      box.remove()
    }
  })

  it('is not loaded by a host that imports the framework and never signs in', async () => {
    const box = sandbox()
    try {
      // A module hook that refuses @azure/identity: importing the package must still work.
      const hook = join(box.dir, 'hook.mjs')
      writeFileSync(
        hook,
        "export async function resolve(specifier, context, next) {\n  if (specifier === '@azure/identity') throw new Error('@azure/identity was loaded')\n  return next(specifier, context)\n}\n",
      )
      const main = join(box.dir, 'host.mjs')
      writeFileSync(
        main,
        [
          "import {register} from 'node:module'",
          `register(${JSON.stringify(pathToFileURL(hook).href)})`,
          `const azc = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'lib', 'index.js')).href)})`,
          'console.log(typeof azc.AzCommand, typeof azc.azureSignIn)',
          // Proves the hook works: signing in is what loads @azure/identity.
          "await azc.azureSignIn().credential.getToken('https://management.azure.com/.default').catch((error) => console.log(error.message))",
        ].join('\n'),
      )
      const result = await runProcess(process.execPath, [main], {env: box.env()})
      expect(result.stderr).to.equal('')
      expect(result.stdout).to.equal('function function\n@azure/identity was loaded\n')
    } finally {
      box.remove()
    }
  })
})
