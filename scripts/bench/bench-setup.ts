/**
 * Prepares what `npm run bench` measures besides the CLI in this checkout (run with tsx, after the build):
 *
 * - tmp/bench/standalone/azc: the `npm run pack:standalone` tarball, unpacked;
 * - tmp/bench/hosts/without-plugin and with-plugin: the same small host oclif CLI (`ops`, one `hello`
 *   command of its own) with only @oclif/plugin-help, and with this package installed from its
 *   `npm pack` tarball as a plugin too.
 *
 * Packing runs in a copy of the project (test/distribution/helpers.ts), so the checkout stays as it is.
 */
import {mkdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {cleanEnv, ROOT} from '../../test/helpers/cli.js'
import {
  copyProject,
  installedVersion,
  PLAIN_HOST_COMMAND,
  run,
  succeeded,
  writeHost,
} from '../../test/distribution/helpers.js'

const bench = join(ROOT, 'tmp', 'bench')
rmSync(bench, {recursive: true, force: true})
mkdirSync(bench, {recursive: true})
const env = cleanEnv({npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false'})

const packed = succeeded(
  await run('npm', ['run', '--silent', 'pack:standalone', '--', '--targets', 'linux-x64'], {
    cwd: ROOT,
    env,
    timeoutMs: 600_000,
  }),
  'pack:standalone',
)
const tarball = packed.stdout.trim().split('\n').at(-1)!.split(' (')[0]
mkdirSync(join(bench, 'standalone'))
succeeded(await run('tar', ['-xzf', tarball, '-C', join(bench, 'standalone')]), 'tar')

const project = copyProject(join(bench, 'project'))
const npmPack = succeeded(
  await run('npm', ['pack', '--json', '--pack-destination', bench], {cwd: project, env}),
  'npm pack',
)
const [{filename}] = JSON.parse(npmPack.stdout.slice(npmPack.stdout.indexOf('[')))
const core = {
  '@oclif/core': installedVersion('@oclif/core'),
  '@oclif/plugin-help': installedVersion('@oclif/plugin-help'),
}
for (const [variant, dependencies, plugins] of [
  ['without-plugin', core, ['@oclif/plugin-help']],
  [
    'with-plugin',
    {...core, 'azc-communication': `file:${join(bench, filename)}`},
    ['@oclif/plugin-help', 'azc-communication'],
  ],
] as const) {
  const host = join(bench, 'hosts', variant)
  // The host's own command does not use this package, so the difference is the plugin's loading alone.
  writeHost(host, {...dependencies}, [...plugins], {name: 'hello', source: PLAIN_HOST_COMMAND})
  succeeded(
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {cwd: host, env}),
    `npm install (${variant})`,
  )
}

rmSync(project, {recursive: true, force: true})
console.log(`bench setup in ${bench}`)
