import { eolFor, insertLines, joinLines, removeLines, splitLines, type Eol, type EolOptions, type Line } from './eol';
import { normKey, parseIni, type IniOption, type IniSection } from './ini-parse';

/**
 * pip.ini / pip.conf, read as pip reads it (configparser, strict) and edited line by line so that comments,
 * order, blank lines, indentation and line endings survive. Section names are case-sensitive, keys are not,
 * and `index-url` ≡ `index_url`. When both spellings are present the later one wins, as in pip.
 * The DEFAULT section's fallback values are not consulted (pip files do not use it).
 */

/** Throws EditError when pip could not load the file. */
export function iniValidate(text: string): void {
  parseIni(splitLines(text));
}

function find(sections: IniSection[], section: string, key: string): { sect?: IniSection; matches: IniOption[] } {
  const sect = sections.find((s) => s.name === section);
  const norm = normKey(key);
  return { sect, matches: sect ? sect.options.filter((o) => o.norm === norm) : [] };
}

/** The value pip sees (continuation lines joined with '\n'), or undefined when the key is absent. */
export function iniGet(text: string, section: string, key: string): string | undefined {
  const { matches } = find(parseIni(splitLines(text)), section, key);
  return matches[matches.length - 1]?.value;
}

/**
 * Values configparser would read back differently (surrounding spaces, empty lines, continuation lines that
 * look like comments) cannot be written; that is a caller bug, not a malformed file.
 */
function checkValue(key: string, value: string): string[] {
  if (key === '' || key.trim() !== key || /[\r\n=:]/.test(key) || /^[[#;]/.test(key)) {
    throw new RangeError(`not a writable ini key: ${JSON.stringify(key)}`);
  }
  const parts = value.split('\n');
  parts.forEach((p, i) => {
    const bad = p !== p.trim() || p.includes('\r') || (parts.length > 1 && p === '') || (i > 0 && /^[#;]/.test(p));
    if (bad) throw new RangeError(`ini value cannot be written faithfully: ${JSON.stringify(value)}`);
  });
  return parts;
}

function optionBodies(prefix: string, parts: string[], contIndent: string): string[] {
  const [first = '', ...rest] = parts;
  return [first === '' ? prefix.trimEnd() : prefix + first, ...rest.map((p) => contIndent + p)];
}

function replaceOption(lines: Line[], opt: IniOption, parts: string[], eol: Eol): Line[] {
  const oldCont = opt.firstContinuation === undefined ? undefined : lines[opt.firstContinuation]?.body;
  const contIndent = oldCont !== undefined ? /^\s*/.exec(oldCont)![0] : `${opt.indent}    `;
  let prefix = opt.prefix;
  // `key =` with an empty value: put the usual space back before writing a value after the delimiter.
  if (opt.value === '' && /\s[=:]$/.test(prefix)) prefix += ' ';
  const bodies = optionBodies(prefix, parts, contIndent);
  const drop = new Set(opt.valueLines.slice(1));
  const keyLine = lines[opt.line]!;
  const out = lines.map((l) => ({ ...l }));
  out[opt.line] = { body: bodies[0]!, eol: keyLine.eol };
  let merged = removeLines(out, drop);
  if (bodies.length > 1) {
    // A key line that ends the file without a terminator keeps it that way after its new continuation lines.
    merged = insertLines(merged, opt.line, bodies.slice(1), eol);
  }
  return merged;
}

/**
 * Set `key` in `[section]` (null removes it). An existing value is replaced in place (its continuation lines
 * are dropped), a new key goes after the last key line of the section, a new section at the end of the file
 * after one blank line. Setting the value it already has returns `text` itself.
 */
export function iniSet(text: string, section: string, key: string, value: string | null, opts?: EolOptions): string {
  if (section === '' || /[\r\n]/.test(section))
    throw new RangeError(`not a writable ini section: ${JSON.stringify(section)}`);
  const lines = splitLines(text);
  const eol = eolFor(text, opts);
  const { sect, matches } = find(parseIni(lines), section, key);
  const effective = matches[matches.length - 1];

  if (value === null) {
    if (matches.length === 0) return text;
    // Every spelling goes: leaving `index_url` behind would make it effective again.
    return joinLines(removeLines(lines, new Set(matches.flatMap((m) => m.valueLines))));
  }
  const parts = checkValue(key, value);
  if (effective?.value === value) return text;

  let out: Line[];
  if (effective) {
    out = replaceOption(lines, effective, parts, eol);
  } else if (sect) {
    const indent = sect.options[sect.options.length - 1]?.indent ?? sect.indent;
    out = insertLines(lines, sect.lastNonBlank, optionBodies(`${indent}${key} = `, parts, `${indent}    `), eol);
  } else {
    const last = lines[lines.length - 1];
    const gap = last && last.body.trim() !== '' ? [''] : [];
    out = insertLines(
      lines,
      lines.length - 1,
      [...gap, `[${section}]`, ...optionBodies(`${key} = `, parts, '    ')],
      eol,
    );
  }
  const result = joinLines(out);
  if (iniGet(result, section, key) !== value)
    throw new Error(`internal: ini edit of ${section}.${key} did not read back`);
  return result;
}
