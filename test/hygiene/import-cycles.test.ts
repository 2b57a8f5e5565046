/**
 * No module of src/ imports itself back through others: a cycle makes load order matter (a class used before its
 * module has run) and ties modules that should stand alone. Every relative import counts, `import type` included,
 * as a cycle of types is still a tangle. Imports are read from the sources as written (static `import`/`export
 * ... from` and `import()`), resolved from `.js` to the `.ts` file beside it.
 */
import {expect} from 'chai'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'

import {ROOT} from '../helpers/cli.js'

const SRC = join(ROOT, 'src')
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g

function sources(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.[cm]?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = join(dirname(from), specifier)
  const candidates = [base.replace(/\.([cm]?)js$/, '.$1ts'), base, `${base}.ts`, join(base, 'index.ts')]
  return candidates.find((file) => existsSync(file) && file.startsWith(SRC) && /\.[cm]?ts$/.test(file))
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(IMPORT)].flatMap((match) => {
      const resolved = resolveImport(file, match[1] ?? match[2])
      return resolved ? [resolved] : []
    })
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** Every cycle found by a depth-first walk, each as the chain of files from its first module back to it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'active' | 'done'>()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, 'active')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'active') found.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return found
}

describe('import cycles in src/', () => {
  it('finds the imports of a module (the reader this check relies on)', () => {
    const graph = importGraph()
    const color = graph.get(join(SRC, 'framework', 'output', 'color.ts'))
    expect(color).to.include.members([
      join(SRC, 'framework', 'output', 'json-lexer.ts'),
      join(SRC, 'framework', 'output', 'tokens.ts'),
    ])
    expect(graph.size).to.be.greaterThan(50)
  })

  it('has none', () => {
    const chains = cycles(importGraph()).map((chain) => chain.map((file) => relative(SRC, file)).join(' -> '))
    expect(chains).to.deep.equal([])
  })
})
