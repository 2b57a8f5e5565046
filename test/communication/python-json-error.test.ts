/**
 * The port of Python's json error messages against Python itself: every case of the fixture (written
 * by test/fixtures/python-json/make-fixture.py from json.loads) must give Python's exact text.
 */
import {expect} from 'chai'
import {readFileSync} from 'node:fs'

import {azureCoreDecodeError, pythonJsonError} from '../../src/communication/python-json-error.js'

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/python-json/errors.json', import.meta.url), 'utf8'),
) as Array<{text: string; error: string | null}>

const azureCore = JSON.parse(
  readFileSync(new URL('../fixtures/python-json/azure-core-decode.json', import.meta.url), 'utf8'),
) as {cases: Array<{body: string; contentType: string | null; error: string | null}>}

describe('Python json error messages', () => {
  it('the fixture covers empty, truncated and garbage bodies', () => {
    expect(fixture.length).to.be.greaterThan(200)
    expect(fixture.filter((c) => c.error === null).length).to.be.greaterThan(3)
  })

  it("gives json.loads's exact message and position for every case of the fixture", () => {
    const wrong = fixture.map((c) => ({...c, ours: pythonJsonError(c.text) ?? null})).filter((c) => c.ours !== c.error)
    expect(wrong).to.deep.equal([])
  })

  it('says what az says for a cut-off 201 body', () => {
    expect(azureCoreDecodeError('{"identity": {"id": ', 'application/json; charset=utf-8')).to.equal(
      'JSON is invalid: Expecting value: line 1 column 21 (char 20)',
    )
  })

  it("gives what az's own azure-core gives for every body and content type of its fixture", () => {
    expect(azureCore.cases.length).to.be.greaterThan(200)
    const isXml = (type: string | null) => (type ?? '').split(';')[0].trim().toLowerCase().includes('xml')
    const wrong = azureCore.cases
      .map((c) => ({...c, ours: azureCoreDecodeError(c.body, c.contentType) ?? null}))
      .filter((c) => {
        // Without a content type requests guesses the encoding (chardet); azc reads UTF-8: for text
        // beyond ASCII, Python's positions may then differ.
        const guessed =
          !(c.contentType ?? '').includes('text') &&
          !(c.contentType ?? '').includes('application/json') &&
          !(c.contentType ?? '').includes('charset')
        if (guessed && /[^\x00-\x7f]/.test(c.body)) return false
        // XML is out of scope: only that a body that is neither XML nor JSON is refused, not expat's words.
        if (isXml(c.contentType))
          return c.error?.startsWith('XML is invalid')
            ? c.ours !== 'XML is invalid'
            : c.ours !== null && !c.body.startsWith('<')
        return c.ours !== c.error
      })
    expect(wrong).to.deep.equal([])
  })

  it('decodes by content type as azure-core does', () => {
    // No content type counts as JSON.
    expect(azureCoreDecodeError('<html>', undefined)).to.equal(
      'JSON is invalid: Expecting value: line 1 column 1 (char 0)',
    )
    expect(azureCoreDecodeError('oops', 'text/json')).to.equal(
      'JSON is invalid: Expecting value: line 1 column 1 (char 0)',
    )
    expect(azureCoreDecodeError('oops', 'application/problem+json')).to.match(/^JSON is invalid: /)
    expect(azureCoreDecodeError('\ufeff{}', 'application/json')).to.equal(undefined)
    expect(azureCoreDecodeError('{}', 'application/json')).to.equal(undefined)
    // An empty body is no body.
    expect(azureCoreDecodeError('', 'application/json')).to.equal(undefined)
    expect(azureCoreDecodeError('<html>', 'text/html; charset=utf-8')).to.equal(undefined)
    expect(azureCoreDecodeError('%PDF', 'application/octet-stream')).to.equal(
      'Cannot deserialize content-type: application/octet-stream',
    )
    expect(azureCoreDecodeError('<a', 'application/xml')).to.equal('XML is invalid')
  })
})
