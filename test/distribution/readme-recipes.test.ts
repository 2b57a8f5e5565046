/**
 * The README's emulator recipes, pasted into bash as a script (`set -euo pipefail`, each block as it stands):
 * every `<!-- recipe: NAME -->` block must run to its end. `azc` is this checkout's CLI; where the recipe calls az
 * and the machine has no az, azc stands in for it (same command line, same variables: REQUESTS_CA_BUNDLE is what
 * azc trusts too).
 */
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, makeTempDir, ROOT, runProcess} from '../helpers/cli.js'

function recipes(): Map<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  return new Map([...readme.matchAll(/<!-- recipe: ([\w-]+) -->\n```sh\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]]))
}

function haveAz(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v az'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

describe("the README's emulator recipes", function () {
  this.timeout(60_000)
  const found = recipes()

  it('are there: the background emulator and az against it', () => {
    expect([...found.keys()]).to.include.members(['background', 'az'])
  })

  for (const [name, body] of found) {
    it(`"${name}" runs as a bash script`, async () => {
      const home = makeTempDir('azc-recipe-')
      const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`
      const script = [
        'set -euo pipefail',
        `azc() { ${quote(process.execPath)} ${quote(BIN)} "$@"; }`,
        haveAz() ? '' : 'az() { azc "$@"; }',
        // Whatever the recipe leaves running is stopped on the way out (exit 3: nothing was).
        'trap "azc communication emulator stop 2>/dev/null || true" EXIT',
        body,
      ].join('\n')
      const env = {
        HOME: home.path,
        XDG_DATA_HOME: join(home.path, 'data'),
        XDG_CONFIG_HOME: join(home.path, 'config'),
        XDG_CACHE_HOME: join(home.path, 'cache'),
        AZURE_CONFIG_DIR: join(home.path, 'azure'),
      }
      try {
        const result = await runProcess('bash', ['-c', script], {env, cwd: home.path})
        expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0)
        expect(result.stderr).not.to.match(/^ERROR:/m)
      } finally {
        home.remove()
      }
    })
  }
})
