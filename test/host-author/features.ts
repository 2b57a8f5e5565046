/**
 * The host author's contract, one command per oclif feature: each is written once and installed in the host CLI
 * twice, as `plain:<feature>` on oclif's `Command` and as `az:<feature>` on `AzCommand`, with the same flags, args
 * and run(). run() prints what `this.parse()` gave it, value and type, so the two can be compared byte for byte.
 *
 * A case is an argv and what is expected of it:
 * - 'same': valid input; both print the same parsed values and types, both exit 0;
 * - 'usage': invalid input; oclif refuses it, and AzCommand answers az's way (one `ERROR:` line first, exit 2,
 *   no stack trace), with `message` (a regular expression source) somewhere in that line.
 */
export interface FeatureCase {
  argv: string[]
  expect: 'same' | 'usage'
  /** What the ERROR: line must say (usage cases). */
  message?: string
  /** Added to the child's environment. */
  env?: Record<string, string>
}

export interface Feature {
  name: string
  /** JavaScript source of the `static flags` object (Flags and Args are in scope). */
  flags?: string
  /** JavaScript source of the `static args` object. */
  args?: string
  /** Extra static members, as source. */
  statics?: string
  cases: FeatureCase[]
}

/** `{FILE}` and `{DIR}` in an argv are replaced by a file and a folder that exist. */
export const FEATURES: Feature[] = [
  {
    name: 'string',
    flags: `{name: Flags.string({summary: 'A name.'})}`,
    cases: [
      {argv: ['--name', 'web'], expect: 'same'},
      {argv: ['--name=web'], expect: 'same'},
      {argv: [], expect: 'same'},
      {argv: ['--name'], expect: 'usage', message: '--name'},
    ],
  },
  {
    name: 'integer',
    flags: `{count: Flags.integer({summary: 'How many.', min: 1, max: 10})}`,
    cases: [
      {argv: ['--count', '5'], expect: 'same'},
      {argv: ['--count', '1'], expect: 'same'},
      {argv: ['--count', '10'], expect: 'same'},
      {argv: ['--count', 'abc'], expect: 'usage', message: 'abc'},
      {argv: ['--count', '11'], expect: 'usage', message: '11'},
      {argv: ['--count', '0'], expect: 'usage', message: '0'},
    ],
  },
  {
    name: 'boolean',
    flags: `{wait: Flags.boolean({summary: 'Wait.', allowNo: true}), force: Flags.boolean({summary: 'Force.'})}`,
    cases: [
      {argv: ['--wait'], expect: 'same'},
      {argv: ['--no-wait'], expect: 'same'},
      {argv: ['--force'], expect: 'same'},
      {argv: [], expect: 'same'},
      {argv: ['--no-force'], expect: 'usage', message: '--no-force'},
    ],
  },
  {
    name: 'option',
    flags: `{tier: Flags.option({summary: 'Tier.', options: ['low', 'high']})(), size: Flags.string({summary: 'Size.', options: ['s', 'm']})}`,
    cases: [
      {argv: ['--tier', 'high'], expect: 'same'},
      {argv: ['--size', 'm'], expect: 'same'},
      {argv: ['--tier', 'mid'], expect: 'usage', message: 'mid'},
      {argv: ['--size', 'xl'], expect: 'usage', message: 'xl'},
    ],
  },
  {
    name: 'url',
    flags: `{endpoint: Flags.url({summary: 'Endpoint.'})}`,
    cases: [
      {argv: ['--endpoint', 'https://ops.example.com/api?x=1'], expect: 'same'},
      {argv: ['--endpoint', 'not a url'], expect: 'usage', message: 'not a url'},
    ],
  },
  {
    name: 'file-dir',
    flags: `{file: Flags.file({summary: 'A file.', exists: true}), dir: Flags.directory({summary: 'A folder.', exists: true}), out: Flags.file({summary: 'Output.'})}`,
    cases: [
      {argv: ['--file', '{FILE}', '--dir', '{DIR}'], expect: 'same'},
      {argv: ['--out', '/nonexistent/out.txt'], expect: 'same'},
      {argv: ['--file', '/nonexistent/file.txt'], expect: 'usage', message: '/nonexistent/file.txt'},
      {argv: ['--dir', '/nonexistent/folder'], expect: 'usage', message: '/nonexistent/folder'},
    ],
  },
  {
    name: 'custom',
    flags: `{
      level: Flags.custom({
        summary: 'A level, 1 to 3.',
        parse: async (input) => {
          if (!['1', '2', '3'].includes(input)) throw new Error('level must be 1, 2 or 3')
          return {level: Number(input), label: 'L' + input}
        },
      })(),
      upper: Flags.custom({summary: 'Upper case.', parse: async (input) => input.toUpperCase(), default: 'none'})(),
    }`,
    cases: [
      {argv: ['--level', '2'], expect: 'same'},
      {argv: ['--upper', 'abc'], expect: 'same'},
      {argv: [], expect: 'same'},
      {argv: ['--level', '7'], expect: 'usage', message: 'level must be 1, 2 or 3'},
    ],
  },
  {
    name: 'env-default',
    flags: `{
      region: Flags.string({summary: 'Region.', env: 'OPS_REGION'}),
      zone: Flags.string({summary: 'Zone.', default: 'z1'}),
      replicas: Flags.integer({summary: 'Replicas.', default: async () => 3}),
      ratio: Flags.integer({summary: 'Ratio.', env: 'OPS_RATIO'}),
    }`,
    cases: [
      {argv: [], expect: 'same'},
      {argv: [], expect: 'same', env: {OPS_REGION: 'westus', OPS_RATIO: '4'}},
      {argv: ['--region', 'northeurope'], expect: 'same', env: {OPS_REGION: 'westus'}},
      {argv: ['--zone', 'z2', '--replicas', '5'], expect: 'same'},
      {argv: [], expect: 'usage', message: 'OPS_RATIO|nope', env: {OPS_RATIO: 'nope'}},
    ],
  },
  {
    name: 'required',
    flags: `{service: Flags.string({summary: 'Service.', required: true}), verbose2: Flags.boolean({summary: 'More.'})}`,
    cases: [
      {argv: ['--service', 'db'], expect: 'same'},
      {argv: [], expect: 'usage', message: '--service'},
    ],
  },
  {
    name: 'multiple',
    flags: `{
      tag: Flags.string({summary: 'Tags.', multiple: true}),
      id: Flags.string({summary: 'Ids.', multiple: true, delimiter: ','}),
      port: Flags.integer({summary: 'Ports.', multiple: true}),
    }`,
    cases: [
      {argv: ['--tag', 'a', 'b'], expect: 'same'},
      {argv: ['--tag', 'a'], expect: 'same'},
      {argv: ['--id', 'x,y,z'], expect: 'same'},
      {argv: ['--port', '80', '443'], expect: 'same'},
      {argv: ['--port', '80', 'http'], expect: 'usage', message: 'http'},
    ],
  },
  {
    name: 'relations',
    flags: `{
      json2: Flags.boolean({summary: 'JSON.', exclusive: ['csv']}),
      csv: Flags.boolean({summary: 'CSV.'}),
      user: Flags.string({summary: 'User.', dependsOn: ['password']}),
      password: Flags.string({summary: 'Password.'}),
    }`,
    cases: [
      {argv: ['--json2'], expect: 'same'},
      {argv: ['--user', 'u', '--password', 'p'], expect: 'same'},
      {argv: ['--json2', '--csv'], expect: 'usage', message: '--csv|--json2'},
      {argv: ['--user', 'u'], expect: 'usage', message: '--password'},
    ],
  },
  {
    name: 'exactly-one',
    flags: `{
      name: Flags.string({summary: 'By name.', exactlyOne: ['name', 'id']}),
      id: Flags.string({summary: 'By id.', exactlyOne: ['name', 'id']}),
      mode: Flags.string({summary: 'Mode.', relationships: [{type: 'all', flags: ['id']}]}),
    }`,
    cases: [
      {argv: ['--name', 'n'], expect: 'same'},
      {argv: ['--id', '7', '--mode', 'fast'], expect: 'same'},
      {argv: ['--name', 'n', '--id', '7'], expect: 'usage', message: '--id|--name'},
      {argv: [], expect: 'usage', message: '--id|--name'},
      {argv: ['--name', 'n', '--mode', 'fast'], expect: 'usage', message: '--id'},
    ],
  },
  {
    name: 'aliases',
    flags: `{
      location: Flags.string({summary: 'Location.', char: 'l', aliases: ['region2'], charAliases: ['L']}),
      old: Flags.string({summary: 'Old name.', deprecated: {message: 'use --location instead'}}),
      secret2: Flags.string({summary: 'Hidden.', hidden: true}),
    }`,
    cases: [
      {argv: ['-l', 'west'], expect: 'same'},
      {argv: ['-L', 'west'], expect: 'same'},
      {argv: ['--region2', 'west'], expect: 'same'},
      {argv: ['--secret2', 's'], expect: 'same'},
      {argv: ['--old', 'x'], expect: 'same'},
    ],
  },
  {
    name: 'args',
    args: `{
      vm: Args.string({description: 'The VM.', required: true}),
      size: Args.string({description: 'Size.', options: ['small', 'large']}),
      count: Args.integer({description: 'Count.'}),
    }`,
    flags: `{force: Flags.boolean({summary: 'Force.'})}`,
    cases: [
      {argv: ['myvm'], expect: 'same'},
      {argv: ['myvm', 'large'], expect: 'same'},
      {argv: ['myvm', 'large', '3', '--force'], expect: 'same'},
      {argv: ['--force', 'myvm'], expect: 'same'},
      {argv: [], expect: 'usage', message: 'vm|VM'},
      {argv: ['myvm', 'huge'], expect: 'usage', message: 'huge'},
      {argv: ['myvm', 'large', 'x'], expect: 'usage', message: 'x'},
      {argv: ['myvm', 'large', '3', 'extra'], expect: 'usage', message: 'extra'},
    ],
  },
  {
    name: 'arg-parse',
    args: `{when: Args.custom({parse: async (input) => new Date(input + 'T00:00:00Z').toISOString().slice(0, 10)})()}`,
    cases: [
      {argv: ['2026-01-02'], expect: 'same'},
      {argv: [], expect: 'same'},
    ],
  },
  {
    name: 'non-strict',
    flags: `{name: Flags.string({summary: 'Name.'})}`,
    statics: 'static strict = false',
    cases: [
      {argv: ['a', 'b', 'c'], expect: 'same'},
      {argv: ['--name', 'n', 'a', 'b'], expect: 'same'},
    ],
  },
]
