#!/usr/bin/env node
/**
 * `npm run pack:standalone`: azc's standalone tarballs under dist/ for linux-x64, linux-arm64, darwin-x64,
 * darwin-arm64 and win32-x64 (or `-- --targets linux-x64` for fewer), each with the Node of its platform taken from
 * npm, made with bin/pack-standalone.mjs (the same script host authors use for their own CLI) on a machine that
 * reaches no Node download site. `npm run pack:deb` adds the .deb. One line per file; linux-x64's comes last.
 */
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
// Arguments go on: `npm run pack:standalone -- --sha 1a2b3c4` outside a git checkout, `-- --targets linux-x64`.
const result = spawnSync(
  process.execPath,
  [join(root, 'bin', 'pack-standalone.mjs'), '--root', root, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
)
process.exit(result.status ?? 1)
