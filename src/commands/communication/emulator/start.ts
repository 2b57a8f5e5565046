import {Flags} from '@oclif/core'
import {join} from 'node:path'

import {emulatorHome, envLines, startBackground} from '../../../emulator/background.js'
import {ensureTlsFiles} from '../../../emulator/certs.js'
import {runEmulatorInForeground} from '../../../emulator/index.js'
import {AzCommand, azFlags, withAzExtras} from '../../../framework/az-command.js'
import {ArgumentUsageError, AzCliError, RequiredArgumentMissingError} from '../../../framework/errors.js'

export default class EmulatorStart extends AzCommand<typeof EmulatorStart> {
  static override summary = 'Run a local emulator of the ACS Identity service in the foreground.'

  static override description = `Prints the connection string (endpoint=http(s)://<host>:<port>/;accesskey=<key>) as the first line of
stdout, then one line per request on stderr, until SIGINT or SIGTERM. Without --access-key and --resource-id,
random ones are generated (and kept in the --data file when there is one). With --cert and --key it serves HTTPS;
with --tls it makes a local CA and a certificate for 127.0.0.1, localhost and ::1 itself (once, in its data
folder) and prints the CA's path. Clients that insist on TLS, such as az, trust the CA through their CA bundle
settings (REQUESTS_CA_BUNDLE for az, NODE_EXTRA_CA_CERTS for Node).

With --detach it runs in the background instead: the command returns once the emulator listens, printing the
connection string (or, with --env, export lines for eval); \`emulator status\` describes it and \`emulator stop\`
stops it.

It is also an Entra ID issuer for --auth-mode login (needs https): its test service principal and
managed-identity endpoint are printed on stderr at start.`

  static override examples = [
    {description: 'Serve on the default port, state in memory', command: '<%= config.bin %> <%= command.id %>'},
    {
      description:
        'In a script or CI: start in the background on a free port; returns once it listens, and eval sets AZURE_COMMUNICATION_CONNECTION_STRING',
      command: 'eval "$(<%= config.bin %> <%= command.id %> --detach --port 0 --env)"',
    },
    {
      description:
        'HTTPS with a generated certificate; the lines also set REQUESTS_CA_BUNDLE and NODE_EXTRA_CA_CERTS to its CA, so az trusts it',
      command: 'eval "$(<%= config.bin %> <%= command.id %> --detach --port 0 --tls --env)"',
    },
    {description: 'Stop the emulator started with --detach', command: '<%= config.bin %> communication emulator stop'},
    {
      description: 'Serve HTTPS with your own certificate',
      command: '<%= config.bin %> <%= command.id %> --cert server.pem --key server-key.pem',
    },
  ]

  /** The emulator stops cleanly on Ctrl-C and exits 0. */
  static override exitOnInterrupt = false

  static override flags = {
    host: Flags.string({
      summary: 'Address to listen on.',
      description:
        'A non-loopback address (0.0.0.0, ::, a LAN address) lets other machines reach the emulator; a warning says so.',
      default: '127.0.0.1',
    }),
    port: azFlags.integer({summary: 'Port to listen on; 0 picks a free one.', min: 0, max: 65_535, default: 8088}),
    'access-key': withAzExtras(Flags.string({summary: 'Base64 access key clients sign requests with.'}), {
      azSecret: true,
    }),
    'resource-id': Flags.string({summary: 'Resource GUID that identity ids are made with.'}),
    cert: Flags.string({summary: 'PEM certificate file: serve HTTPS.', exclusive: ['tls']}),
    tls: Flags.boolean({summary: 'Serve HTTPS with a generated local CA and certificate; prints the CA path.'}),
    detach: Flags.boolean({summary: 'Run in the background; return once it listens.'}),
    env: Flags.boolean({summary: 'Print shell export lines (for eval) instead of the bare connection string.'}),
    key: Flags.string({summary: 'PEM private key file of --cert.'}),
    data: Flags.string({summary: 'State file, written on every change and loaded at start.'}),
    'aad-jwks': Flags.string({summary: 'JWKS file to verify the signatures of Entra tokens for the Teams exchange.'}),
    'aad-tenant': Flags.string({summary: 'With --aad-jwks: the only tenant (GUID) whose Entra tokens are accepted.'}),
    'aad-audience': Flags.string({
      summary: 'With --aad-jwks: the audience Entra tokens must have.',
      default: 'https://auth.msft.communication.azure.com',
    }),
    'entra-tenant-id': Flags.string({summary: 'Tenant GUID of the built-in Entra ID issuer (default: random).'}),
    'entra-client-id': Flags.string({
      summary: "Client id (GUID) of the issuer's test service principal (default: random).",
    }),
    'entra-client-secret': withAzExtras(
      Flags.string({
        summary: "Client secret of the issuer's test service principal, 16 characters or more (default: random).",
      }),
      {azSecret: true},
    ),
    'entra-client-certificate': Flags.string({
      summary: "PEM certificate of the issuer's test service principal: it may then sign in with that certificate.",
    }),
    'entra-allowed-principals': Flags.string({
      summary:
        'Comma-separated object or client ids allowed to call with a bearer token (stands in for role assignments; default: all).',
    }),
    'no-entra': Flags.boolean({summary: 'Turn off the built-in Entra ID issuer and bearer authentication.'}),
  }

  async run(): Promise<void> {
    const {flags} = this
    if (Boolean(flags.cert) !== Boolean(flags.key)) {
      throw new RequiredArgumentMissingError(`the following arguments are required: ${flags.cert ? '--key' : '--cert'}`)
    }
    if (flags.host.trim() === '') throw new ArgumentUsageError("argument --host: expected an address, got ''")

    try {
      const home = emulatorHome(this.config.dataDir)
      const generated = flags.tls ? await ensureTlsFiles(join(home, 'tls')) : undefined
      if (generated)
        process.stderr.write(
          `CA certificate to trust: ${generated.ca} (REQUESTS_CA_BUNDLE for az, NODE_EXTRA_CA_CERTS for Node)\n`,
        )
      const options = {
        host: flags.host,
        port: flags.port,
        accessKey: flags['access-key'],
        resourceId: flags['resource-id'],
        tls: generated ?? (flags.cert && flags.key ? {cert: flags.cert, key: flags.key} : undefined),
        dataFile: flags.data,
        aadJwks: flags['aad-jwks'],
        aadTenant: flags['aad-tenant'],
        aadAudience: flags['aad-audience'],
        entra: flags['no-entra']
          ? (false as const)
          : {
              tenantId: flags['entra-tenant-id'],
              clientId: flags['entra-client-id'],
              clientSecret: flags['entra-client-secret'],
              clientCertificate: flags['entra-client-certificate'],
              allowedPrincipals: flags['entra-allowed-principals']?.split(','),
            },
      }
      const print = (connectionString: string) =>
        process.stdout.write(flags.env ? envLines(connectionString, generated?.ca) : `${connectionString}\n`)
      if (flags.detach) {
        const {state, connectionString} = await startBackground(home, {...options, caCertificate: generated?.ca})
        print(connectionString)
        process.stderr.write(
          `ACS Identity emulator running in the background on ${state.endpoint} (pid ${state.pid}, log ${state.log}). Stop it with: ${this.config.bin} communication emulator stop\n`,
        )
        return
      }

      await runEmulatorInForeground({
        ...options,
        stdout: (text) => print(text.trimEnd()),
        stderr: (text) => process.stderr.write(text),
      })
    } catch (error) {
      throw error instanceof AzCliError ? error : new AzCliError((error as Error).message, {cause: error})
    }
  }
}
