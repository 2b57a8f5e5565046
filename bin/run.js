#!/usr/bin/env node
import {execute} from '@oclif/core'
import {fileURLToPath} from 'node:url'

// Run as the CLI itself (npm install -g, the standalone tarball), azc adds oclif's `help` command. The
// package.json lists no oclif plugins, so a host CLI that loads this package as a plugin keeps its own.
await execute({loadOptions: {root: fileURLToPath(import.meta.url), pluginAdditions: {core: ['@oclif/plugin-help']}}})
