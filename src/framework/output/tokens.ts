/**
 * What the pygments lexer ports (json-lexer.ts, yaml-lexer.ts) hand to color.ts: each token's type, as its dotted
 * path below `Token` (e.g. `Name.Tag`), and its text.
 */
export type TokenSink = (type: string, text: string) => void
