/**
 * Text a server chose (error codes, messages, targets, header values) is escaped before it reaches
 * the terminal: an ANSI escape sequence could recolour, move the cursor, retitle the window or hide
 * what follows, and a CR or LF could forge a line that looks like azc's own output. Control
 * characters (C0, DEL, C1) and the Unicode controls that reorder or hide text are written as
 * visible escapes (`\x1b`, `\r`, `\n`, `\u202e`); everything else is kept as is.
 */

const NAMED: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}

// C0 (0x00-0x1f), DEL and C1 (0x7f-0x9f), the bidirectional overrides and isolates, the zero-width
// and line/paragraph separators, and the BOM.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g

/** The text with every control character written as a visible escape. */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const named = NAMED[char]
    if (named) return named
    const code = char.codePointAt(0)!
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}
