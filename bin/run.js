#!/usr/bin/env node
// The fast path runs a bundled user-identity command without loading oclif (src/fast/launcher.ts);
// everything else goes to oclif.
import {runFast} from '../lib/fast/launcher.js'

if (!(await runFast(process.argv.slice(2), new URL('..', import.meta.url).pathname))) {
  const [{execute}, {fileURLToPath}] = await Promise.all([import('@oclif/core'), import('node:url')])
  // Run as the CLI itself (npm install -g, the standalone tarball), azc adds oclif's `help` command. The
  // package.json lists no oclif plugins, so a host CLI that loads this package as a plugin keeps its own.
  await execute({loadOptions: {root: fileURLToPath(import.meta.url), pluginAdditions: {core: ['@oclif/plugin-help']}}})
}
