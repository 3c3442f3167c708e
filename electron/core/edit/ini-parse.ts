import { editErrorAt } from './errors';
import { indentOf, type Line } from './eol';
import { refuseBom } from './bom';

/**
 * The structure of a pip.ini / pip.conf as Python's configparser (strict mode, no inline comments) reads it,
 * with line indexes so the editor can change one key in place.
 */
export interface IniOption {
  /** The key as written (configparser lower-cases it; pip also treats '-' and '_' alike). */
  name: string;
  norm: string;
  /** Index of the `key = value` line. */
  line: number;
  /** Indexes of the lines holding the value: the key line and its non-empty continuation lines. */
  valueLines: number[];
  /** Index of the first continuation line, if any (its indentation is reused when rewriting). */
  firstContinuation: number | undefined;
  indent: string;
  /** Everything on the key line before the value: indentation, key, delimiter and the spaces around it. */
  prefix: string;
  value: string;
}

export interface IniSection {
  name: string;
  header: number;
  indent: string;
  options: IniOption[];
  /** Last key or continuation line of the section (the header itself when it has no key). */
  lastNonBlank: number;
}

export const INI_FORMAT = 'INI';

/** pip's own normalisation of option names (pip/_internal/configuration.py `_normalize_name`). */
export function normKey(key: string): string {
  const k = key.toLowerCase().replace(/_/g, '-');
  return k.startsWith('--') ? k.slice(2) : k;
}

const SECTION_RE = /^\[(.+)\]/;
// configparser's OPTCRE: the key is everything before the first '=' or ':'.
const OPTION_RE = /^([^]*?)\s*([=:])\s*([^]*)$/;
const PREFIX_RE = /^([ \t]*[^=:]*?[ \t]*[=:][ \t]*)/;

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

export function parseIni(lines: readonly Line[]): IniSection[] {
  refuseBom(lines[0]?.body ?? '', INI_FORMAT, 'pip');
  const sections: IniSection[] = [];
  let sect: IniSection | undefined;
  let opt: (IniOption & { parts: string[] }) | undefined;
  let indentLevel = 0;

  const finish = () => {
    if (opt) opt.value = opt.parts.join('\n').trimEnd();
  };

  lines.forEach((line, i) => {
    const lineno = i + 1;
    const stripped = line.body.trim();
    const comment = stripped.startsWith('#') || stripped.startsWith(';');
    if (stripped === '' || comment) {
      // configparser keeps blank lines inside a value (they only matter if a continuation line follows).
      if (!comment && opt) opt.parts.push('');
      return;
    }
    const indent = indentOf(line.body).length;
    if (sect && opt && indent > indentLevel) {
      sect.lastNonBlank = i;
      opt.parts.push(stripped);
      opt.valueLines.push(i);
      opt.firstContinuation ??= i;
      return;
    }
    indentLevel = indent;
    const header = SECTION_RE.exec(stripped);
    if (header) {
      finish();
      opt = undefined;
      const name = header[1]!;
      if (sections.some((s) => s.name === name))
        throw editErrorAt(INI_FORMAT, lineno, `section [${name}] appears twice`);
      sect = { name, header: i, indent: indentOf(line.body), options: [], lastNonBlank: i };
      sections.push(sect);
      return;
    }
    if (!sect) throw editErrorAt(INI_FORMAT, lineno, `no section header before '${shorten(stripped)}'`);
    const m = OPTION_RE.exec(stripped);
    if (!m) throw editErrorAt(INI_FORMAT, lineno, `'${shorten(stripped)}' is not 'key = value'`);
    const name = m[1]!.trimEnd();
    if (name === '') throw editErrorAt(INI_FORMAT, lineno, `no key before '${m[2]}'`);
    if (sect.options.some((o) => o.name.toLowerCase() === name.toLowerCase())) {
      throw editErrorAt(INI_FORMAT, lineno, `key '${name}' appears twice in [${sect.name}]`);
    }
    finish();
    sect.lastNonBlank = i;
    const prefix = PREFIX_RE.exec(line.body)?.[1] ?? '';
    opt = {
      name,
      norm: normKey(name),
      line: i,
      valueLines: [i],
      firstContinuation: undefined,
      indent: indentOf(line.body),
      prefix,
      value: '',
      parts: [m[3]!.trim()],
    };
    sect.options.push(opt);
  });
  finish();
  return sections;
}
