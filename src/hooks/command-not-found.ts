/**
 * What az does with a command line that names no command. oclif joins every leading word into the
 * command id, so `token issue chat` arrives as `...:token:issue:chat`: the longest prefix that is a
 * command runs with the rest as its arguments (its own parser then reports them, as az's argparse
 * does). Otherwise the first word that is not a known group or command is reported with az's
 * "misspelled or not recognized" error and difflib's closest match, exit 2.
 *
 * Inside a host CLI only our own topics are handled; other ids keep oclif's usual error.
 */
import {Errors, type Hook} from '@oclif/core'
import {resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {colorFromConfig} from './color.js'
import {getCloseMatches} from '../framework/difflib.js'
import {AzLogger} from '../framework/log.js'

const OWN_TOPICS = ['communication']
/** This package's folder: when it is the CLI's root, every unknown id is ours to report. */
const OWN_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))

const hook: Hook.CommandNotFound = async function (options) {
  const {config, id, argv = []} = options
  const parts = id.split(':')
  const isRoot = resolve(config.root) === OWN_ROOT
  if (!isRoot && !OWN_TOPICS.includes(parts[0])) throw new Errors.CLIError(`command ${id} not found`)

  for (let length = parts.length - 1; length > 0; length--) {
    const prefix = parts.slice(0, length).join(':')
    if (config.findCommand(prefix)) return config.runCommand(prefix, [...parts.slice(length), ...argv])
  }

  const known = new Set([...config.commandIDs, ...config.topics.map((topic) => topic.name)])
  let at = 0
  while (at < parts.length - 1 && known.has(parts.slice(0, at + 1).join(':'))) at++
  const parent = parts.slice(0, at).join(':')
  const choices = [...known]
    .filter((name) => name.split(':').length === at + 1 && (at === 0 || name.startsWith(`${parent}:`)))
    .map((name) => name.split(':')[at])
  const value = parts[at]

  const logger = new AzLogger({color: colorFromConfig()})
  logger.error(`'${value}' is misspelled or not recognized by the system.`)
  const [candidate] = getCloseMatches(value, [...new Set(choices)], 3, 0.7)
  if (candidate) logger.plain(`Did you mean '${candidate}' ?`)
  this.exit(2)
}

export default hook
