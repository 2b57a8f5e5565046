/**
 * A command line that names a command group and then options before the command's word:
 * `azc communication user-identity token --only-show-errors issue --scope chat`. oclif takes the
 * leading words (`communication user-identity token`) as the id, finds a topic and prints its help
 * (exit 0). az reads the same line with the group's parser: the word `issue` is the command, and
 * everything else is left over, so it answers `ERROR: unrecognized arguments: --only-show-errors
 * --scope chat`, exit 2. This init hook gives az's answer before oclif shows the topic's help.
 *
 * Inside a host CLI only our own topics are handled.
 */
import type {Hook} from '@oclif/core'
import {resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {colorFromConfig} from './color.js'
import {AzLogger} from '../framework/log.js'

const OWN_TOPICS = ['communication']
const OWN_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))

const hook: Hook.Init = async function (options) {
  const {config, id, argv = []} = options
  if (!id || argv.length === 0 || config.findCommand(id) || !config.findTopic(id)) return
  if (resolve(config.root) !== OWN_ROOT && !OWN_TOPICS.includes(id.split(':')[0])) return
  // Help anywhere on the line is oclif's to show.
  const dashDash = argv.indexOf('--')
  const options_ = dashDash === -1 ? argv : argv.slice(0, dashDash)
  if (options_.some((arg) => arg === '--help' || arg === '-h')) return

  const word = argv.findIndex((arg) => !arg.startsWith('-'))
  if (word === -1 || !config.findCommand(`${id}:${argv[word]}`)) return
  const rest = argv.filter((_, index) => index !== word)
  const logger = new AzLogger({color: colorFromConfig()})
  logger.error(`unrecognized arguments: ${rest.join(' ')}`)
  this.exit(2)
}

export default hook
