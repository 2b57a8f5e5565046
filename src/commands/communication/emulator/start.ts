import {Command, Flags} from '@oclif/core'

import {runEmulatorInForeground} from '../../../emulator/index.js'

export default class EmulatorStart extends Command {
  static override summary = 'Run a local emulator of the ACS Identity service in the foreground.'

  static override description = `Prints the connection string (endpoint=http(s)://<host>:<port>/;accesskey=<key>) as the first line of
stdout, then one line per request on stderr, until SIGINT or SIGTERM. Without --access-key and --resource-id,
random ones are generated (and kept in the --data file when there is one). With --cert and --key it serves HTTPS;
clients that insist on TLS, such as az, trust the certificate through their CA bundle settings
(REQUESTS_CA_BUNDLE for az, NODE_EXTRA_CA_CERTS for Node).`

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --port 0 --data ./emulator-state.json',
    '<%= config.bin %> <%= command.id %> --cert server.pem --key server-key.pem',
  ]

  static override flags = {
    host: Flags.string({description: 'Address to listen on.', default: '127.0.0.1'}),
    port: Flags.integer({description: 'Port to listen on; 0 picks a free one.', default: 8088, min: 0, max: 65_535}),
    'access-key': Flags.string({description: 'Base64 access key clients sign requests with.'}),
    'resource-id': Flags.string({description: 'Resource GUID that identity ids are made with.'}),
    cert: Flags.string({description: 'PEM certificate file: serve HTTPS.', dependsOn: ['key']}),
    key: Flags.string({description: 'PEM private key file of --cert.', dependsOn: ['cert']}),
    data: Flags.string({description: 'State file, written on every change and loaded at start.'}),
    'aad-jwks': Flags.string({description: 'JWKS file to verify the signatures of Entra tokens for the Teams exchange.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(EmulatorStart)
    try {
      await runEmulatorInForeground({
        host: flags.host,
        port: flags.port,
        accessKey: flags['access-key'],
        resourceId: flags['resource-id'],
        tls: flags.cert && flags.key ? {cert: flags.cert, key: flags.key} : undefined,
        dataFile: flags.data,
        aadJwks: flags['aad-jwks'],
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      })
    } catch (error) {
      this.error((error as Error).message, {exit: 1})
    }
  }
}
