import {expect} from 'chai'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {AzConfig, ConfigError, parseIni} from '../../src/framework/config.js'
import {itHasCases} from '../helpers/fixture-size.js'

// INI texts read by Python's configparser: scripts/fixtures/gen-config-cases.py.
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/framework/config-cases.json', import.meta.url), 'utf8'),
) as {
  cases: Array<{text: string; sections?: Record<string, Record<string, string>>; error?: string}>
}

/** Every option of every section, with DEFAULT values folded in, as configparser shows them. */
function readAll(text: string): Record<string, Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'azc-config-'))
  try {
    writeFileSync(join(dir, 'config'), text)
    const config = new AzConfig({configDir: dir, env: {}})
    const sections = parseIni(text)
    const defaults = [...(sections.get('DEFAULT')?.keys() ?? [])]
    const out: Record<string, Record<string, string>> = {}
    for (const [name, options] of sections) {
      if (name === 'DEFAULT') continue
      out[name] = {}
      for (const option of new Set([...options.keys(), ...defaults])) out[name][option] = config.get(name, option)!
    }
    return out
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

describe('config file (compared with Python configparser)', () => {
  itHasCases('config-cases.json', fixture.cases, 23)
  for (const testCase of fixture.cases) {
    const title = `${JSON.stringify(testCase.text)} -> ${testCase.error ?? JSON.stringify(testCase.sections)}`
    if (testCase.text.startsWith('\uFEFF')) {
      // knack reads the file as utf-8 and fails on a byte-order mark; we read past it.
      it(`accepts a byte-order mark that az rejects: ${title}`, () => {
        expect(readAll(testCase.text)).to.deep.equal({core: {output: 'yaml'}})
      })
    } else if (testCase.error) {
      it(title, () => expect(() => readAll(testCase.text)).to.throw(ConfigError))
    } else {
      it(title, () => expect(readAll(testCase.text)).to.deep.equal(testCase.sections))
    }
  }
})

describe('config precedence', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'azc-config-'))
    writeFileSync(
      join(dir, 'config'),
      '[core]\noutput = table\nonly_show_errors = no\n[communication]\nconnection_string = from-file\n',
    )
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  it('reads $AZURE_CONFIG_DIR/config', () => {
    expect(new AzConfig({env: {AZURE_CONFIG_DIR: dir}}).get('core', 'output')).to.equal('table')
  })

  it('lets AZURE_<SECTION>_<OPTION> win over the file', () => {
    const config = new AzConfig({env: {AZURE_CONFIG_DIR: dir, AZURE_CORE_OUTPUT: 'yaml'}})
    expect(config.get('core', 'output')).to.equal('yaml')
    expect(config.sourceOf('core', 'output')).to.equal('AZURE_CORE_OUTPUT')
  })

  it('uses an empty variable as an empty value, as az does', () => {
    expect(new AzConfig({env: {AZURE_CONFIG_DIR: dir, AZURE_CORE_OUTPUT: ''}}).get('core', 'output')).to.equal('')
  })

  it('treats a missing file as an empty configuration', () => {
    expect(new AzConfig({env: {AZURE_CONFIG_DIR: join(dir, 'nowhere')}}).get('core', 'output')).to.equal(undefined)
  })

  it('gives a command its own section', () => {
    const section = new AzConfig({env: {AZURE_CONFIG_DIR: dir}}).section('communication')
    expect(section.get('connection_string')).to.equal('from-file')
    expect(section.envVarName('connection_string')).to.equal('AZURE_COMMUNICATION_CONNECTION_STRING')
  })

  it('defaults to ~/.azure when AZURE_CONFIG_DIR is not set', () => {
    expect(new AzConfig({env: {}}).configPath).to.match(/\.azure[/\\]config$/)
  })

  for (const [word, value] of [
    ['1', true],
    ['YES', true],
    ['True', true],
    ['on', true],
    ['0', false],
    ['No', false],
    ['FALSE', false],
    ['off', false],
  ] as const) {
    it(`reads the boolean word ${word} as ${value}`, () => {
      const config = new AzConfig({env: {AZURE_CONFIG_DIR: dir, AZURE_CORE_ONLY_SHOW_ERRORS: word}})
      expect(config.getBoolean('core', 'only_show_errors', !value)).to.equal(value)
    })
  }

  it('rejects a word that is not a boolean, naming where it came from', () => {
    const config = new AzConfig({env: {AZURE_CONFIG_DIR: dir, AZURE_CORE_NO_COLOR: 'maybe'}})
    expect(() => config.getBoolean('core', 'no_color', false)).to.throw(
      ConfigError,
      'Not a boolean: maybe (core.no_color, from AZURE_CORE_NO_COLOR)',
    )
  })

  it('names the file and line of a malformed config', () => {
    writeFileSync(join(dir, 'config'), '[core]\noutput table\n')
    const config = new AzConfig({env: {AZURE_CONFIG_DIR: dir}})
    expect(() => config.get('core', 'output')).to.throw(ConfigError, `${join(dir, 'config')}, line 2`)
  })
})
