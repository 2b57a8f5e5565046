// Mutation testing (npm run mutate): Stryker mutates one module at a time and runs only the fast unit tests that
// specify it. scripts/mutate/mutate.mjs picks the module through MUTATE_MODULE and prints the score table of the README.
// `npx stryker run --mutate src/framework/errors.ts` also works (it then runs the unit tests of every module).

/** Module name -> the files mutated and the unit test files that must kill the mutants. */
export const MODULES = {
  argparse: {
    mutate: ['src/framework/argparse.ts'],
    spec: ['test/framework/argparse.test.ts', 'test/mutation-survivors/argparse.test.ts'],
  },
  // Output and yaml: static mutants (module-level tables and regexes) would rerun thousands of fixture tests each;
  // they are skipped (reported as Ignored) to keep a run under half an hour on two cores.
  output: {
    ignoreStatic: true,
    mutate: [
      'src/framework/output/table.ts',
      'src/framework/output/tabulate.ts',
      'src/framework/output/tsv.ts',
      'src/framework/output/json.ts',
    ],
    spec: [
      'test/framework/output/table.test.ts',
      'test/framework/output/tsv.test.ts',
      'test/framework/output/json.test.ts',
      'test/framework/output/render-output.test.ts',
      'test/framework/output/corpus.test.ts',
      'test/mutation-survivors/output.test.ts',
    ],
  },
  yaml: {
    ignoreStatic: true,
    mutate: ['src/framework/output/yaml/*.ts'],
    spec: ['test/framework/output/yaml.test.ts', 'test/framework/output/yaml-corpus.test.ts'],
  },
  query: {
    mutate: ['src/framework/query/functions.ts'],
    spec: ['test/framework/query/*.test.ts', 'test/mutation-survivors/query.test.ts'],
  },
  secrets: {
    mutate: ['src/framework/log.ts', 'src/communication/http-trace.ts'],
    spec: ['test/framework/log.test.ts', 'test/mutation-survivors/secrets.test.ts'],
  },
  'connection-string': {
    mutate: ['src/communication/connection-string.ts'],
    spec: ['test/mutation-survivors/connection-string.test.ts'],
  },
  'emulator-auth': {
    mutate: ['src/emulator/hmac.ts', 'src/emulator/tokens.ts'],
    spec: [
      'test/emulator/auth.test.ts',
      'test/emulator/tokens.test.ts',
      'test/mutation-survivors/emulator-auth.test.ts',
    ],
  },
  errors: {
    mutate: ['src/framework/errors.ts'],
    spec: ['test/mutation-survivors/errors.test.ts'],
  },
}

const selected = process.env.MUTATE_MODULE ? MODULES[process.env.MUTATE_MODULE] : undefined
if (process.env.MUTATE_MODULE && !selected) throw new Error(`unknown MUTATE_MODULE ${process.env.MUTATE_MODULE}`)
const all = Object.values(MODULES)

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'mocha',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: {prioritizePerformanceOverAccuracy: true},
  mutate: selected ? selected.mutate : all.flatMap((module) => module.mutate),
  mochaOptions: {
    // Not .mocharc.json: its root hooks belong to `npm test` (hermetic HOME, leak checks), not to Stryker's workers.
    'no-config': true,
    spec: selected ? selected.spec : [...new Set(all.flatMap((module) => module.spec))],
  },
  testRunnerNodeArgs: ['--import', 'tsx'],
  coverageAnalysis: 'perTest',
  ignoreStatic: selected?.ignoreStatic ?? false,
  // Two cores on the machines this runs on.
  concurrency: 2,
  timeoutMS: 20_000,
  ignorePatterns: ['lib', 'tmp', 'reports', 'bench-results', 'test/distribution', 'test/fast'],
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: {fileName: `reports/mutation/${process.env.MUTATE_MODULE ?? 'all'}.json`},
  clearTextReporter: {allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true},
  tempDirName: `.stryker-tmp/${process.env.MUTATE_MODULE ?? 'all'}`,
  cleanTempDir: 'always',
}
