/**
 * Shell completion as a user gets it: the `autocomplete` commands are @oclif/plugin-autocomplete's (azc's bin/run.js
 * adds the plugin, a host lists it), and this package's postrun hook puts its scripts where the plugin's set-up line
 * (`azc autocomplete script <shell>`) loads them from. bash's completion function (the one `complete -p` names) runs
 * in a real bash with COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT as bash sets them (words split at spaces and
 * at COMP_WORDBREAKS' '=' and ':'); zsh's runs in an interactive zsh on a tmux terminal, where Tab is pressed and
 * the listing read off the screen. A host CLI built from the packed tarball, with plugin-autocomplete listed before
 * and after this package, gets the same completion for its own AzCommand commands and for ours.
 */
import {Config} from '@oclif/core'
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {stripVTControlCharacters} from 'node:util'

import {BIN, cleanEnv, makeTempDir, ROOT, runCli} from '../helpers/cli.js'
import {copyProject, installedVersion, packageConfig, run, succeeded, writeHost} from './helpers.js'

const ISSUE = 'communication user-identity token issue'
const OUTPUT_FORMATS = ['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none']

/** bash's COMP_WORDS for a line: split at blanks, and '=' and ':' (in COMP_WORDBREAKS) are words of their own. */
function compWords(line: string): string[] {
  const words = line
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => word.split(/([=:]+)/).filter(Boolean))
  if (/\s$/.test(line)) words.push('')
  return words
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`

function has(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

/** The tools a zsh test needs that this machine lacks: those tests are pending with the reason. */
const ZSH_MISSING = ['zsh', 'tmux'].filter((tool) => !has(tool))

const describeZsh = ZSH_MISSING.length > 0 ? describe.skip : describe
const ZSH_TITLE =
  ZSH_MISSING.length > 0 ? `zsh (pending: ${ZSH_MISSING.join(' and ')} not installed; .ci/run installs them)` : 'zsh'

/**
 * The candidates the completion function bash has registered for `bin` leaves in COMPREPLY, after `setup` (the
 * line `autocomplete script bash` prints), with the cursor at `point` (default: the end of the line).
 */
async function bashComplete(
  setup: string,
  bin: string,
  line: string,
  options: {point?: number; words?: string[]; env?: NodeJS.ProcessEnv} = {},
): Promise<string[]> {
  const point = options.point ?? line.length
  const words = options.words ?? compWords(line.slice(0, point))
  const script = [
    setup,
    `fn=$(complete -p ${bin} | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p')`,
    `COMP_WORDS=(${words.map(quote).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE=${quote(line)}`,
    `COMP_POINT=${point}`,
    `"$fn" ${bin} ${quote(words.at(-1) ?? '')} ${quote(words.at(-2) ?? '')}`,
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join('\n')
  const result = succeeded(
    await run('bash', ['--norc', '--noprofile', '-c', script], {env: options.env ?? cleanEnv()}),
    'bash',
  )
  return result.stdout.split('\n').filter(Boolean)
}

let tmuxServers = 0

/**
 * An interactive zsh on a tmux terminal, started with `zdotdir`'s .zshrc: what it lists under the line after Tab.
 * Each call has a tmux server of its own (its own socket, in `zdotdir`): a shared server would give zsh the
 * environment of whoever started it (not this ZDOTDIR), and one that is exiting after its last session refuses new
 * ones.
 */
async function zshComplete(zdotdir: string, line: string): Promise<string[]> {
  // In the test's own folder, so that it goes with it.
  const socket = join(zdotdir, `tmux-${++tmuxServers}.sock`)
  const tmux = (args: string[], options: {env?: NodeJS.ProcessEnv; stdio?: 'ignore'} = {}) =>
    execFileSync('tmux', ['-S', socket, ...args], {encoding: 'utf8', ...options})
  const env = cleanEnv({ZDOTDIR: zdotdir, TERM: 'xterm-256color'})
  tmux(['-f', '/dev/null', 'new-session', '-d', '-x', '250', '-y', '60', '-s', 'zsh', 'zsh', '-i'], {env})
  try {
    const screen = () => tmux(['capture-pane', '-p', '-t', 'zsh'])
    await waitFor(() => screen().includes('%'), 'the zsh prompt')
    tmux(['send-keys', '-t', 'zsh', '-l', line])
    tmux(['send-keys', '-t', 'zsh', 'Tab'])
    let last = ''
    let stable = 0
    // The listing is done once the screen stops changing.
    await waitFor(() => {
      const now = screen()
      stable = now === last ? stable + 1 : 0
      last = now
      return stable >= 4
    }, 'the completion listing')
    const lines = last.split('\n').map((text) => text.trimEnd())
    const at = lines.findIndex((text) => text.startsWith('% '))
    return lines
      .slice(at + 1)
      .filter(Boolean)
      .flatMap((text) => (text.includes(' -- ') ? [text.split(' -- ')[0]] : text.split(/\s+/)))
      .flatMap((cell) => cell.trim().split(/\s+/))
      .filter(Boolean)
  } finally {
    try {
      tmux(['kill-server'], {stdio: 'ignore'})
    } catch {
      // Already gone.
    }
  }
}

describe('shell completion', function () {
  this.timeout(60_000)
  let cache: ReturnType<typeof makeTempDir>
  let bashSetup: string
  let config: Config

  before(async () => {
    cache = makeTempDir('azc-completion-')
    const result = await runCli(['autocomplete', 'script', 'bash'], {env: {XDG_CACHE_HOME: cache.path}})
    expect(result.code, result.stderr).to.equal(0)
    bashSetup = result.stdout
    config = await packageConfig()
  })

  after(() => cache.remove())

  /** The candidates azc's bash completion leaves in COMPREPLY, with the cursor at `point` (default: the end). */
  function complete(line: string, options: {point?: number; words?: string[]} = {}): Promise<string[]> {
    return bashComplete(bashSetup, 'azc', line, options)
  }

  /** Every long flag of a command as the CLI defines it, with the --help every command takes. */
  function longFlags(id: string): string[] {
    const command = config.findCommand(id.replaceAll(' ', ':'))
    if (!command) throw new Error(`no command ${id}`)
    return [...Object.keys(command.flags).map((name) => `--${name}`), '--help']
  }

  describe('bash', () => {
    it('loads through eval "$(azc autocomplete script bash)" in a new shell', async () => {
      const home = makeTempDir('azc-completion-home-')
      try {
        const script = `eval "$(${quote(process.execPath)} ${quote(BIN)} autocomplete script bash)" && complete -p azc`
        const result = succeeded(
          await run('bash', ['--norc', '--noprofile', '-c', script], {env: cleanEnv({XDG_CACHE_HOME: home.path})}),
          'bash',
        )
        expect(result.stdout.trim()).to.equal('complete -F _azc_complete azc')
      } finally {
        home.remove()
      }
    })

    it('completes the top-level topics and commands', async () => {
      expect(await complete('azc ')).to.have.members(['autocomplete', 'communication', 'help'])
    })

    it('completes a partly typed topic', async () => {
      expect(await complete('azc comm')).to.deep.equal(['communication'])
    })

    it('completes topics and commands at each level, separated by spaces', async () => {
      expect(await complete('azc communication ')).to.have.members(['emulator', 'user-identity'])
      expect(await complete('azc communication user-identity ')).to.have.members(['token', 'user'])
      expect(await complete('azc communication user-identity token ')).to.have.members([
        'get-for-teams-user',
        'issue',
        'revoke',
      ])
      expect(await complete('azc communication user-identity user ')).to.have.members(['create', 'delete'])
    })

    it('completes every flag of a command, the global ones and --help included', async () => {
      const candidates = await complete(`azc ${ISSUE} --`)
      expect(candidates).to.have.members(longFlags(ISSUE))
      expect(candidates).to.include.members([
        '--debug',
        '--verbose',
        '--only-show-errors',
        '--output',
        '--query',
        '--subscription',
      ])
    })

    it('completes the flags after a first flag and its value, without the one given', async () => {
      const candidates = await complete(`azc ${ISSUE} --user 8:acs:abc --`)
      expect(candidates).to.have.members(longFlags(ISSUE).filter((flag) => flag !== '--user'))
    })

    it('completes the flags after several flags, leaving out every one given and its short form', async () => {
      const candidates = await complete(`azc ${ISSUE} -o json --debug --expires-in-minutes 60 -`)
      expect(candidates).to.include.members(['--scope', '--user', '--query', '-h'])
      expect(candidates).to.not.include.members(['--output', '-o', '--debug', '--expires-in-minutes'])
      expect(new Set(candidates).size).to.equal(candidates.length)
    })

    it('completes the values of -o', async () => {
      expect(await complete(`azc ${ISSUE} -o `)).to.have.members(OUTPUT_FORMATS)
    })

    it('completes the values of --output after other flags, filtered by what is typed', async () => {
      expect(await complete(`azc ${ISSUE} --scope chat --output t`)).to.have.members(['table', 'tsv'])
    })

    it('completes the values of --output= and --output=js', async () => {
      expect(await complete(`azc ${ISSUE} --output=`)).to.have.members(OUTPUT_FORMATS)
      expect(await complete(`azc ${ISSUE} --output=js`)).to.have.members(['json', 'jsonc'])
    })

    it('completes the value of a flag typed as a unique prefix, as az accepts --out', async () => {
      expect(await complete(`azc ${ISSUE} --out `)).to.have.members(OUTPUT_FORMATS)
    })

    it('completes the scopes of --scope', async () => {
      expect(await complete(`azc ${ISSUE} --scope `)).to.have.members([
        'chat',
        'voip',
        'chat.join',
        'chat.join.limited',
        'voip.join',
      ])
    })

    it('completes more scopes and the flags after --scope chat', async () => {
      const candidates = await complete(`azc ${ISSUE} --scope chat `)
      expect(candidates).to.include.members([
        'voip',
        'chat.join',
        'chat.join.limited',
        'voip.join',
        '--user',
        '--output',
        '--scope',
      ])
      expect(candidates).to.not.include('chat')
    })

    it('offers only flags after --scope=chat, which takes that one value', async () => {
      const candidates = await complete(`azc ${ISSUE} --scope=chat `)
      expect(candidates).to.include.members(['--user', '--scope'])
      expect(candidates).to.not.include('voip')
    })

    it('keeps offering a flag that takes several values after it was given', async () => {
      expect(await complete(`azc ${ISSUE} --scope chat voip --`)).to.include('--scope')
    })

    it('offers nothing for the value of a flag without a known set', async () => {
      expect(await complete(`azc ${ISSUE} --user `)).to.deep.equal([])
    })

    it("completes the global flags and a command's own on other commands", async () => {
      const candidates = await complete('azc communication user-identity user delete --')
      expect(candidates).to.have.members(longFlags('communication user-identity user delete'))
      expect(candidates).to.include.members(['--yes', '--user', '--query', '--output'])
      expect(await complete('azc communication emulator start --user x -')).to.include.members([
        '--port',
        '--host',
        '-h',
      ])
    })

    it('completes the word left of the cursor', async () => {
      const line = 'azc communication user-identity token issue'
      const point = line.length - 3
      expect(
        await complete(line, {point, words: ['azc', 'communication', 'user-identity', 'token', 'issue']}),
      ).to.deep.equal(['issue'])
    })

    it('completes the values of a positional argument', async () => {
      expect(await complete('azc autocomplete ')).to.include.members(['bash', 'zsh', 'powershell'])
    })

    it('offers only --help as a flag of a topic', async () => {
      expect(await complete('azc communication user-identity -')).to.deep.equal(['--help'])
    })

    it('offers nothing after a word that is no topic or command', async () => {
      expect(await complete('azc communication bogus ')).to.deep.equal([])
    })
  })

  describe('setup', () => {
    it("azc autocomplete bash is plugin-autocomplete's, and leaves azc's scripts where its set-up line loads them", async () => {
      expect(config.findCommand('autocomplete')?.pluginName).to.equal('@oclif/plugin-autocomplete')
      const home = makeTempDir('azc-completion-home-')
      try {
        const result = await runCli(['autocomplete', 'bash'], {env: {XDG_CACHE_HOME: home.path}})
        expect(result.code, result.stderr).to.equal(0)
        expect(stripVTControlCharacters(result.stdout)).to.include(
          'printf "$(azc autocomplete script bash)" >> ~/.bashrc',
        )
        const bash = readFileSync(join(home.path, 'azc', 'autocomplete', 'functions', 'bash', 'azc.bash'), 'utf8')
        expect(bash).to.include('complete -F _azc_complete azc')
      } finally {
        home.remove()
      }
    })

    it("the printed set-up line survives the printf route of oclif's instructions", async () => {
      // `printf "$(azc autocomplete script bash)" >> ~/.bashrc` treats the line as a format.
      const rc = join(cache.path, 'bashrc')
      writeFileSync(rc, '')
      const append = `printf "$(cat <<'EOF'\n${bashSetup.trim()}\nEOF\n)" >> ${quote(rc)}; source ${quote(rc)}; complete -p azc`
      const result = succeeded(await run('bash', ['--norc', '--noprofile', '-c', append], {env: cleanEnv()}), 'bash')
      expect(result.stdout.trim()).to.equal('complete -F _azc_complete azc')
    })
  })

  describe('the scripts as shell files', () => {
    const SOURCES = join(ROOT, 'src', 'completion')
    const written = (...path: string[]) => join(cache.path, 'azc', 'autocomplete', 'functions', ...path)

    it('bash -n accepts the static bash script and the one written for azc', async () => {
      for (const file of [join(SOURCES, 'completion.bash'), written('bash', 'azc.bash')]) {
        succeeded(await run('bash', ['-n', file]), `bash -n ${file}`)
      }
    })

    ;(has('shellcheck') ? it : it.skip)(
      `shellcheck finds nothing in the static bash script and the one written for azc${has('shellcheck') ? '' : ' (pending: shellcheck not installed; .ci/run installs it)'}`,
      async () => {
        for (const file of [join(SOURCES, 'completion.bash'), written('bash', 'azc.bash')]) {
          succeeded(await run('shellcheck', ['--shell=bash', file]), `shellcheck ${file}`)
        }
      },
    )

    ;(has('zsh') ? it : it.skip)(
      `zsh -n accepts the static zsh script and the one written for azc${has('zsh') ? '' : ' (pending: zsh not installed; .ci/run installs it)'}`,
      async () => {
        for (const file of [join(SOURCES, 'completion.zsh'), written('zsh', '_azc')]) {
          succeeded(await run('zsh', ['-n', file]), `zsh -n ${file}`)
        }
      },
    )

    it('leaves no template marker in the written scripts', () => {
      for (const file of [written('bash', 'azc.bash'), written('zsh', '_azc'), written('powershell', 'azc.ps1')]) {
        const text = readFileSync(file, 'utf8')
        expect(text, file).to.not.match(/_compfn|@(bin|names)@|^\s*# @\w+@$/m)
      }
    })
  })

  describe('PowerShell', () => {
    it('registers a native argument completer holding every command, flag and known value', async () => {
      const result = await runCli(['autocomplete', 'script', 'powershell'], {env: {XDG_CACHE_HOME: cache.path}})
      expect(result.code, result.stderr).to.equal(0)
      const file = /^\. '?(.+?)'?$/.exec(result.stdout.trim())?.[1]
      expect(file, result.stdout).to.be.a('string')
      const script = readFileSync(file!, 'utf8')
      expect(script).to.include("Register-ArgumentCompleter -Native -CommandName @('azc')")
      expect(script).to.include("'communication:user-identity:token:issue' = @{")
      expect(script).to.include("Options = @('chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join')")
      expect(script).to.include(
        "@{Name = 'output'; Char = 'o'; TakesValue = $true; Multiple = $false; Options = @('json'",
      )
    })
  })

  describeZsh(ZSH_TITLE, function () {
    let zdotdir: ReturnType<typeof makeTempDir>

    before(async function () {
      const result = await runCli(['autocomplete', 'script', 'zsh'], {env: {XDG_CACHE_HOME: cache.path}})
      expect(result.code, result.stderr).to.equal(0)
      zdotdir = makeTempDir('azc-zsh-')
      writeFileSync(join(zdotdir.path, '.zshrc'), `PS1='%% '\n${result.stdout}`)
    })

    after(() => zdotdir?.remove())

    it('lists the topics and commands under a topic', async () => {
      expect(await zshComplete(zdotdir.path, 'azc communication user-identity token ')).to.have.members([
        'get-for-teams-user',
        'issue',
        'revoke',
      ])
    })

    it('lists the flags after a first flag and its value', async () => {
      const candidates = await zshComplete(zdotdir.path, `azc ${ISSUE} --user x --`)
      expect(candidates).to.include.members(['--scope', '--output', '--debug', '--query'])
      expect(candidates).to.not.include('--user')
    })

    it('lists the values of -o', async () => {
      expect(await zshComplete(zdotdir.path, `azc ${ISSUE} --scope chat -o `)).to.have.members(OUTPUT_FORMATS)
    })

    it('lists more scopes after --scope chat', async () => {
      expect(await zshComplete(zdotdir.path, `azc ${ISSUE} --scope chat `)).to.have.members([
        'voip',
        'chat.join',
        'chat.join.limited',
        'voip.join',
      ])
    })
  })
})

/** A host command on AzCommand with a flag of its own that has a known set of values. */
const DEPLOY_COMMAND = `import {Flags} from '@oclif/core'
import {AzCommand} from 'azc-communication'

export default class Deploy extends AzCommand {
  static summary = 'Deploy a service.'
  static flags = {
    service: Flags.string({summary: 'Service name.', required: true}),
    region: Flags.string({summary: 'Region.', options: ['westeurope', 'eastus']}),
  }

  async run() {
    return {service: this.flags.service, region: this.flags.region}
  }
}
`

describe('shell completion in a host CLI with @oclif/plugin-autocomplete', function () {
  this.timeout(300_000)
  const AUTOCOMPLETE = '@oclif/plugin-autocomplete'
  let work: ReturnType<typeof makeTempDir>
  let tarball: string

  before(async () => {
    work = makeTempDir('azc-completion-host-')
    const env = cleanEnv({npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false'})
    const project = copyProject(join(work.path, 'project'))
    const packed = succeeded(
      await run('npm', ['pack', '--json', '--pack-destination', work.path], {cwd: project, env}),
      'npm pack',
    )
    const [{filename}] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))
    tarball = join(work.path, filename)
  })

  after(() => work?.remove())

  for (const [order, plugins] of [
    ['listed before this package', [AUTOCOMPLETE, 'azc-communication']],
    ['listed after this package', ['azc-communication', AUTOCOMPLETE]],
  ] as const) {
    describe(`plugin-autocomplete ${order}`, () => {
      let host: string
      let env: NodeJS.ProcessEnv
      let bashSetup: string

      const ops = (args: string[]) => run(process.execPath, [join(host, 'bin', 'run.js'), ...args], {env})
      const complete = (line: string) => bashComplete(bashSetup, 'ops', line, {env})

      before(async () => {
        host = join(work.path, `host-${plugins[0].replaceAll(/\W/g, '')}`)
        env = cleanEnv({
          XDG_DATA_HOME: join(host, '.data'),
          XDG_CACHE_HOME: join(host, '.cache'),
          XDG_CONFIG_HOME: join(host, '.config'),
          AZURE_CONFIG_DIR: join(host, '.azure'),
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_update_notifier: 'false',
        })
        const dependencies = {
          '@oclif/core': installedVersion('@oclif/core'),
          [AUTOCOMPLETE]: installedVersion(AUTOCOMPLETE),
          'azc-communication': `file:${tarball}`,
        }
        writeHost(host, dependencies, [...plugins], {name: 'deploy', source: DEPLOY_COMMAND})
        succeeded(
          await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {cwd: host, env}),
          'npm install',
        )
        // The set-up a user follows: plugin-autocomplete's instructions, then its set-up line in the shell.
        succeeded(await ops(['autocomplete', 'bash']), 'ops autocomplete bash')
        bashSetup = succeeded(await ops(['autocomplete', 'script', 'bash']), 'ops autocomplete script bash').stdout
      })

      it("defines no command id twice, and the autocomplete commands are the plugin's", async () => {
        const config = await Config.load({root: host, userPlugins: false})
        const ids = config.getPluginsList().flatMap((plugin) => plugin.commandIDs)
        expect(ids.filter((id, index) => ids.indexOf(id) !== index)).to.deep.equal([])
        expect(ids).to.include.members(['autocomplete', 'autocomplete:create', 'autocomplete:script', 'deploy'])
        for (const id of ['autocomplete', 'autocomplete:create', 'autocomplete:script']) {
          expect(config.findCommand(id)?.pluginName).to.equal(AUTOCOMPLETE)
        }
      })

      it("bash: completes the host's AzCommand flags after a first flag, and their values", async () => {
        expect(await complete('ops ')).to.include.members(['autocomplete', 'communication', 'deploy'])
        const flags = await complete('ops deploy --service db --')
        expect(flags).to.include.members(['--region', '--output', '--query', '--debug'])
        expect(flags).to.not.include('--service')
        expect(await complete('ops deploy --service db --region ')).to.have.members(['westeurope', 'eastus'])
        expect(await complete('ops deploy --service db -o ')).to.have.members(OUTPUT_FORMATS)
      })

      it("bash: completes this package's commands, flags after a first flag and values", async () => {
        expect(await complete('ops communication user-identity token ')).to.have.members([
          'get-for-teams-user',
          'issue',
          'revoke',
        ])
        const flags = await complete(`ops ${ISSUE} --user 8:acs:abc --`)
        expect(flags).to.include.members(['--scope', '--output', '--query'])
        expect(flags).to.not.include('--user')
        expect(await complete(`ops ${ISSUE} --scope chat -o `)).to.have.members(OUTPUT_FORMATS)
      })

      it("keeps azc's scripts after the plugin regenerates its cache (autocomplete --refresh-cache)", async () => {
        succeeded(await ops(['autocomplete', '--refresh-cache']), 'ops autocomplete --refresh-cache')
        expect(await complete('ops deploy -o ')).to.have.members(OUTPUT_FORMATS)
      })

      describeZsh(ZSH_TITLE, () => {
        let zdotdir: string

        before(async () => {
          const line = succeeded(await ops(['autocomplete', 'script', 'zsh']), 'ops autocomplete script zsh').stdout
          zdotdir = join(host, '.zdotdir')
          mkdirSync(zdotdir, {recursive: true})
          writeFileSync(join(zdotdir, '.zshrc'), `PS1='%% '\n${line}`)
        })

        it("lists the host's AzCommand flags after a first flag, and the values of -o", async () => {
          const flags = await zshComplete(zdotdir, 'ops deploy --service db --')
          expect(flags).to.include.members(['--region', '--output', '--query'])
          expect(flags).to.not.include('--service')
          expect(await zshComplete(zdotdir, 'ops deploy --service db -o ')).to.have.members(OUTPUT_FORMATS)
        })

        it("lists this package's flags after a first flag, and the values of --region and -o", async () => {
          expect(await zshComplete(zdotdir, 'ops deploy --region ')).to.have.members(['westeurope', 'eastus'])
          const flags = await zshComplete(zdotdir, `ops ${ISSUE} --user x --`)
          expect(flags).to.include.members(['--scope', '--output', '--debug'])
          expect(await zshComplete(zdotdir, `ops ${ISSUE} --scope chat -o `)).to.have.members(OUTPUT_FORMATS)
        })

        it('lists more values after a first value of a flag that takes several (--scope chat <TAB>)', async () => {
          // plugin-autocomplete's own zsh script completes one value a flag: this is what azc's adds there.
          expect(await zshComplete(zdotdir, `ops ${ISSUE} --scope chat `)).to.have.members([
            'voip',
            'chat.join',
            'chat.join.limited',
            'voip.join',
          ])
        })
      })
    })
  }
})

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
