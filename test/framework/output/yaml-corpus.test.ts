import {expect} from 'chai'

import {renderYaml} from '../../../src/framework/output/yaml.js'
import {itHasCases} from '../../helpers/fixture-size.js'
import {loadYamlCases} from './yaml-fixtures.js'

// Every expected text was printed by PyYAML 6.0's safe_dump (scripts/fixtures/gen-yaml-fixtures.py).
const CORPORA = {
  'yaml-scalars.json': 'resolver look-alikes as values and keys, and numbers',
  'yaml-strings.json': 'generated strings of tricky characters and lengths around 80 columns, in every placement',
  'yaml-results.json': 'az-shaped results and random nested trees',
}
const SIZES: Record<string, number> = {'yaml-scalars.json': 1159, 'yaml-strings.json': 2700, 'yaml-results.json': 259}

for (const [file, title] of Object.entries(CORPORA)) {
  describe(`yaml output matches PyYAML byte for byte: ${title}`, () => {
    itHasCases(file, loadYamlCases(file), SIZES[file])
    for (const {id, input, yaml} of loadYamlCases(file)) {
      it(id, () => expect(renderYaml(input)).to.equal(yaml))
    }
  })
}
