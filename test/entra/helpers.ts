/**
 * Hermetic surroundings for the Entra ID tests: a temporary HOME/XDG/az config folder, no proxy or identity
 * variables from the machine, the emulator over TLS with the test CA, and a stand-in `az` on PATH.
 */
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import type {EntraIssuerOptions} from '../../src/emulator/entra/index.js'
import {startEmulator, type RunningEmulator} from '../../src/emulator/index.js'
import {makeTempDir} from '../helpers/cli.js'
import {TLS} from '../emulator/helpers.js'

export {TLS}

/** Variables of the machine that would change which credential signs in, or where requests go. */
const LEAKY = [
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'IDENTITY_ENDPOINT',
  'IDENTITY_HEADER',
  'MSI_ENDPOINT',
  'MSI_SECRET',
  'IMDS_ENDPOINT',
  'IDENTITY_SERVER_THUMBPRINT',
  'AZURE_POD_IDENTITY_AUTHORITY_HOST',
  'NODE_EXTRA_CA_CERTS',
  'REQUESTS_CA_BUNDLE',
  'CURL_CA_BUNDLE',
  'AZURE_TOKEN_CREDENTIALS',
]

export interface Sandbox {
  dir: string
  /** A folder that is put first on PATH; `standInAz` writes `az` there. */
  bin: string
  /** The child's environment: temp HOME/XDG/AZURE_CONFIG_DIR, PATH without any real az/azd, the test CA. */
  env(extra?: Record<string, string | undefined>): Record<string, string | undefined>
  remove(): void
}

export function sandbox(): Sandbox {
  const temp = makeTempDir('azc-entra-')
  const bin = join(temp.path, 'bin')
  mkdirSync(bin)
  for (const name of ['home', 'config', 'cache', 'data', 'az']) mkdirSync(join(temp.path, name))
  return {
    dir: temp.path,
    bin,
    env(extra = {}) {
      const env: Record<string, string | undefined> = Object.fromEntries(LEAKY.map((name) => [name, undefined]))
      return {
        ...env,
        HOME: join(temp.path, 'home'),
        XDG_CONFIG_HOME: join(temp.path, 'config'),
        XDG_CACHE_HOME: join(temp.path, 'cache'),
        XDG_DATA_HOME: join(temp.path, 'data'),
        AZURE_CONFIG_DIR: join(temp.path, 'az'),
        // Only the stand-ins and the system's basic tools: never a real az or azd signed in on this machine.
        PATH: `${bin}:/usr/bin:/bin`,
        NODE_EXTRA_CA_CERTS: TLS.ca,
        ...extra,
      }
    },
    remove: temp.remove,
  }
}

/** A stand-in `az` printing `az account get-access-token --output json` as az 2.54+ does, with this token. */
export function standInAz(box: Sandbox, token: string, expiresOnSeconds: number, tenant: string): void {
  const expiresOn = new Date(expiresOnSeconds * 1000)
  const local = `${expiresOn.toISOString().slice(0, 10)} ${expiresOn.toISOString().slice(11, 19)}.000000`
  const answer = {
    accessToken: token,
    expiresOn: local,
    expires_on: expiresOnSeconds,
    subscription: '00000000-0000-0000-0000-000000000001',
    tenant,
    tokenType: 'Bearer',
  }
  writeFileSync(join(box.dir, 'az-answer.json'), `${JSON.stringify(answer, null, 2)}\n`)
  const script = [
    '#!/bin/sh',
    '# Stand-in for `az account get-access-token`: checks the request, prints the recorded answer.',
    'case "$*" in',
    `  "account get-access-token --output json --resource https://communication.azure.com"*) cat '${join(box.dir, 'az-answer.json')}' ;;`,
    '  *) echo "ERROR: unexpected az arguments: $*" >&2; exit 2 ;;',
    'esac',
    '',
  ].join('\n')
  writeFileSync(join(box.bin, 'az'), script)
  chmodSync(join(box.bin, 'az'), 0o755)
}

/** The emulator over TLS with its Entra issuer. */
export function startTlsEmulator(entra: EntraIssuerOptions = {}): Promise<RunningEmulator> {
  return startEmulator({tls: {cert: TLS.cert, key: TLS.key}, entra})
}

export function servicePrincipalEnv(emulator: RunningEmulator): Record<string, string> {
  const entra = emulator.entra!
  return {
    AZURE_AUTHORITY_HOST: entra.authorityHost,
    AZURE_TENANT_ID: entra.tenantId,
    AZURE_CLIENT_ID: entra.servicePrincipal.appId,
    AZURE_CLIENT_SECRET: entra.servicePrincipal.secret,
  }
}

export function endpointOf(emulator: RunningEmulator): string {
  return emulator.url.replace(/\/$/, '')
}
