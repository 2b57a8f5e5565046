#!/usr/bin/env node
// The fast path runs a bundled user-identity command without loading oclif (src/fast/launcher.cts);
// everything else goes to oclif. CommonJS (see bin/package.json), to start without the ESM loader.
const {join} = require('node:path')
const {runFast} = require('../lib/fast/launcher.cjs')

const root = join(__dirname, '..')
runFast(process.argv.slice(2), root).then(async (handled) => {
  if (handled) return
  const {execute} = require('@oclif/core')
  // Run as the CLI itself (npm install -g, the standalone tarball), azc adds oclif's `help` and `autocomplete`
  // commands. The package.json lists no oclif plugins, so a host CLI that loads this package as a plugin keeps its
  // own (and our postrun hook gives its plugin-autocomplete azc's scripts).
  await execute({loadOptions: {root, pluginAdditions: {core: ['@oclif/plugin-help', '@oclif/plugin-autocomplete']}}})
})
