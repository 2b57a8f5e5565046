#!/usr/bin/env -S node --import tsx
// Development entry: oclif loads the commands from src/ (TypeScript, through tsx) instead of lib/.
// CommonJS, as bin/run.js (see bin/package.json).
const {join} = require('node:path')

require('@oclif/core').execute({
  development: true,
  loadOptions: {
    root: join(__dirname, '..'),
    pluginAdditions: {core: ['@oclif/plugin-help', '@oclif/plugin-autocomplete']},
  },
})
