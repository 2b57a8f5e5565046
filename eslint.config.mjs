// ESLint: the recommended rules of ESLint and typescript-eslint. Formatting is Prettier's (`@oclif/prettier-config`,
// in package.json); eslint-config-prettier turns off every rule that would disagree with it. Changes to the
// recommended sets are explained where they are made.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import {defineConfig} from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  {ignores: ['lib/', 'dist/', 'tmp/', 'node_modules/', '**/fixtures/**']},
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {globals: {...globals.node}},
    linterOptions: {reportUnusedDisableDirectives: 'error'},
    rules: {
      // The ports match Python's and pygments' character sets on purpose: line breaks (\x0b, \x1c..\x1e), control
      // characters json.dumps escapes, ANSI escape sequences.
      'no-control-regex': 'off',
      // `_name` marks a parameter or binding kept for its position (a callback's signature, a destructured tuple).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // bin/*.js and the fast-path launcher are CommonJS on purpose: starting through Node's ES module loader costs
    // several milliseconds a run.
    files: ['bin/**/*.js', '**/*.cts', '**/*.cjs'],
    languageOptions: {sourceType: 'commonjs'},
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
  {
    // Tests, benchmarks and measuring scripts read untyped data (SDK internals, JSON from other processes).
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'docs/**/*.ts'],
    rules: {'@typescript-eslint/no-explicit-any': 'off'},
  },
  prettier,
)
