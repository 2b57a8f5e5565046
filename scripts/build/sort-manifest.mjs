#!/usr/bin/env node
/**
 * `oclif manifest` lists commands in the order their files finished loading, which varies from run to run;
 * sorting them keeps the committed oclif.manifest.json the same for the same commands. Run by `npm run build`.
 */
import {readFileSync, writeFileSync} from 'node:fs'

const file = new URL('../../oclif.manifest.json', import.meta.url)
const manifest = JSON.parse(readFileSync(file, 'utf8'))
manifest.commands = Object.fromEntries(
  Object.entries(manifest.commands).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
)
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`)
