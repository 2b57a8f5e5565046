/**
 * Shell completion as a user gets it: `azc autocomplete script <shell>` writes the scripts and prints the line
 * that loads them. bash's completion function runs in a real bash with COMP_WORDS, COMP_CWORD, COMP_LINE and
 * COMP_POINT as bash sets them (words split at spaces and at COMP_WORDBREAKS' '=' and ':'); zsh's runs in an
 * interactive zsh on a tmux terminal, where Tab is pressed and the listing read off the screen.
 */
import type {Config} from '@oclif/core'
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, cleanEnv, makeTempDir, runCli} from '../helpers/cli.js'
import {packageConfig, run, succeeded} from './helpers.js'

const ISSUE = 'communication user-identity token issue'
const OUTPUT_FORMATS = ['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none']

/** bash's COMP_WORDS for a line: split at blanks, and '=' and ':' (in COMP_WORDBREAKS) are words of their own. */
function compWords(line: string): string[] {
  const words = line.split(/\s+/).filter(Boolean).flatMap((word) => word.split(/([=:]+)/).filter(Boolean))
  if (/\s$/.test(line)) words.push('')
  return words
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`

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

  /** The candidates bash's completion function leaves in COMPREPLY, with the cursor at `point` (default: the end). */
  async function complete(line: string, options: {point?: number; words?: string[]} = {}): Promise<string[]> {
    const point = options.point ?? line.length
    const words = options.words ?? compWords(line.slice(0, point))
    const script = [
      bashSetup,
      `COMP_WORDS=(${words.map(quote).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      `COMP_LINE=${quote(line)}`,
      `COMP_POINT=${point}`,
      '_azc_complete',
      `printf '%s\\n' "\${COMPREPLY[@]}"`,
    ].join('\n')
    const result = succeeded(await run('bash', ['--norc', '--noprofile', '-c', script], {env: cleanEnv()}), 'bash')
    return result.stdout.split('\n').filter(Boolean)
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
      expect(await complete('azc communication user-identity token ')).to.have.members(['get-for-teams-user', 'issue', 'revoke'])
      expect(await complete('azc communication user-identity user ')).to.have.members(['create', 'delete'])
    })

    it("completes every flag of a command, the global ones and --help included", async () => {
      const candidates = await complete(`azc ${ISSUE} --`)
      expect(candidates).to.have.members(longFlags(ISSUE))
      expect(candidates).to.include.members(['--debug', '--verbose', '--only-show-errors', '--output', '--query', '--subscription'])
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
      expect(await complete(`azc ${ISSUE} --scope `)).to.have.members(['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join'])
    })

    it('completes more scopes and the flags after --scope chat', async () => {
      const candidates = await complete(`azc ${ISSUE} --scope chat `)
      expect(candidates).to.include.members(['voip', 'chat.join', 'chat.join.limited', 'voip.join', '--user', '--output', '--scope'])
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
      expect(await complete('azc communication emulator start --user x -')).to.include.members(['--port', '--host', '-h'])
    })

    it('completes the word left of the cursor', async () => {
      const line = 'azc communication user-identity token issue'
      const point = line.length - 3
      expect(await complete(line, {point, words: ['azc', 'communication', 'user-identity', 'token', 'issue']})).to.deep.equal([
        'issue',
      ])
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
    it('azc autocomplete bash writes the scripts and explains the set-up through autocomplete script', async () => {
      const home = makeTempDir('azc-completion-home-')
      try {
        const result = await runCli(['autocomplete', 'bash'], {env: {XDG_CACHE_HOME: home.path}})
        expect(result.code, result.stderr).to.equal(0)
        expect(result.stdout).to.include('"$(azc autocomplete script bash)" >> ~/.bashrc')
        expect(result.stdout).to.include('eval "$(azc autocomplete script bash)"')
        const bash = readFileSync(join(home.path, 'azc', 'autocomplete', 'functions', 'bash', 'azc.bash'), 'utf8')
        expect(bash).to.include('complete -F _azc_complete azc')
      } finally {
        home.remove()
      }
    })

    it('the printed set-up line survives the printf route of oclif\'s instructions', async () => {
      // `printf "$(azc autocomplete script bash)" >> ~/.bashrc` treats the line as a format.
      const rc = join(cache.path, 'bashrc')
      writeFileSync(rc, '')
      const append = `printf "$(cat <<'EOF'\n${bashSetup.trim()}\nEOF\n)" >> ${quote(rc)}; source ${quote(rc)}; complete -p azc`
      const result = succeeded(await run('bash', ['--norc', '--noprofile', '-c', append], {env: cleanEnv()}), 'bash')
      expect(result.stdout.trim()).to.equal('complete -F _azc_complete azc')
    })
  })

  describe('PowerShell', () => {
    it('registers a native argument completer holding every command, flag and known value', async () => {
      const result = await runCli(['autocomplete', 'script', 'powershell'], {env: {XDG_CACHE_HOME: cache.path}})
      expect(result.code, result.stderr).to.equal(0)
      const file = /^\. '(.+)'$/.exec(result.stdout.trim())?.[1]
      expect(file, result.stdout).to.be.a('string')
      const script = readFileSync(file!, 'utf8')
      expect(script).to.include("Register-ArgumentCompleter -Native -CommandName @('azc')")
      expect(script).to.include("'communication:user-identity:token:issue' = @{")
      expect(script).to.include("Options = @('chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join')")
      expect(script).to.include("@{Name = 'output'; Char = 'o'; TakesValue = $true; Multiple = $false; Options = @('json'")
    })
  })

  describe('zsh', function () {
    let zdotdir: ReturnType<typeof makeTempDir>
    let session = ''

    before(async function () {
      const missing = ['zsh', 'tmux'].filter((tool) => {
        try {
          execFileSync('sh', ['-c', `command -v ${tool}`])
          return false
        } catch {
          return true
        }
      })
      // Pending, not failed, on a machine without them; the reason shows on each pending test. CI installs both.
      if (missing.length > 0) {
        for (const test of this.test!.parent!.tests) test.title += ` (pending: needs ${missing.join(' and ')}; .ci/run installs them)`
        this.skip()
      }

      const result = await runCli(['autocomplete', 'script', 'zsh'], {env: {XDG_CACHE_HOME: cache.path}})
      expect(result.code, result.stderr).to.equal(0)
      zdotdir = makeTempDir('azc-zsh-')
      writeFileSync(join(zdotdir.path, '.zshrc'), `PS1='%% '\n${result.stdout}`)
    })

    afterEach(() => {
      if (session) execFileSync('tmux', ['kill-session', '-t', session], {stdio: 'ignore'})
      session = ''
    })

    after(() => zdotdir?.remove())

    /** What zsh lists under the line after Tab, one candidate a line (descriptions cut off). */
    async function zshComplete(line: string): Promise<string[]> {
      session = `azc-zsh-${process.pid}-${Date.now()}`
      const env = cleanEnv({ZDOTDIR: zdotdir.path, TERM: 'xterm-256color'})
      execFileSync('tmux', ['new-session', '-d', '-x', '250', '-y', '60', '-s', session, 'zsh', '-i'], {env})
      const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], {encoding: 'utf8'})
      await waitFor(() => screen().includes('%'), 'the zsh prompt')
      execFileSync('tmux', ['send-keys', '-t', session, '-l', line])
      execFileSync('tmux', ['send-keys', '-t', session, 'Tab'])
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
    }

    it('lists the topics and commands under a topic', async () => {
      expect(await zshComplete('azc communication user-identity token ')).to.have.members(['get-for-teams-user', 'issue', 'revoke'])
    })

    it('lists the flags after a first flag and its value', async () => {
      const candidates = await zshComplete(`azc ${ISSUE} --user x --`)
      expect(candidates).to.include.members(['--scope', '--output', '--debug', '--query'])
      expect(candidates).to.not.include('--user')
    })

    it('lists the values of -o', async () => {
      expect(await zshComplete(`azc ${ISSUE} --scope chat -o `)).to.have.members(OUTPUT_FORMATS)
    })

    it('lists more scopes after --scope chat', async () => {
      expect(await zshComplete(`azc ${ISSUE} --scope chat `)).to.have.members(['voip', 'chat.join', 'chat.join.limited', 'voip.join'])
    })
  })
})

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
