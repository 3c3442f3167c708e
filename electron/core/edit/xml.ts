import { SaxesParser } from 'saxes';

import { EditError } from './errors';

/**
 * An XML element with where it stands in the text, for editors that splice a few bytes and keep every other
 * one (comments, order, indentation, line endings). The text is parsed by saxes, a conformant parser: a file
 * it refuses is reported with the parser's reason and never edited.
 */
export interface XmlElement {
  name: string;
  /** Index of `<` of the start tag. */
  start: number;
  /** Index just after the start tag's `>` (after `/>` for an empty-element tag). */
  openEnd: number;
  /** Index of `</` of the end tag (= openEnd for an empty-element tag). */
  closeStart: number;
  /** Index just after the end tag. */
  end: number;
  selfClosing: boolean;
  children: XmlElement[];
  /** The element's own character data, entities decoded, child elements' text not included. */
  text: string;
  /** Its attributes, entities decoded (name → value). */
  attributes: Record<string, string>;
}

/** Parse `text` into its root element; throws EditError(format, "line:col: reason") on anything malformed. */
export function parseXml(text: string, format = 'XML'): XmlElement {
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (e) => {
    throw new EditError(format, e.message.trim(), parser.line);
  });
  parser.on('opentag', (tag) => {
    const openEnd = parser.position;
    // '<' cannot appear unescaped inside a start tag (attribute values included), so the last one is its start.
    const start = text.lastIndexOf('<', openEnd - 1);
    const el: XmlElement = {
      name: tag.name,
      start,
      openEnd,
      closeStart: openEnd,
      end: openEnd,
      selfClosing: tag.isSelfClosing,
      children: [],
      text: '',
      attributes: { ...(tag.attributes as Record<string, string>) },
    };
    stack.at(-1)?.children.push(el);
    root ??= el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    const el = stack.pop();
    if (!el) return;
    el.end = parser.position;
    el.closeStart = el.selfClosing ? el.end : text.lastIndexOf('</', el.end - 1);
  });
  parser.on('text', (t) => {
    const el = stack.at(-1);
    if (el) el.text += t;
  });
  parser.on('cdata', (t) => {
    const el = stack.at(-1);
    if (el) el.text += t;
  });
  parser.write(text).close();
  if (!root) throw new EditError(format, 'no root element');
  return root;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The trimmed text of child `name`, as the tools read it (Maven trims values), or undefined. */
export function childText(el: XmlElement, name: string): string | undefined {
  const c = child(el, name);
  return c === undefined ? undefined : c.text.trim();
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escape a value for an attribute quoted with `quote`. */
export function escapeXmlAttr(s: string, quote: '"' | "'" = '"'): string {
  return escapeXml(s).replace(quote === '"' ? /"/g : /'/g, quote === '"' ? '&quot;' : '&apos;');
}

/** Where an attribute's value stands in the text: [from, to) between its quotes. */
export interface AttributeSpan {
  from: number;
  to: number;
  quote: '"' | "'";
}

/**
 * The span of attribute `name`'s value in `el`'s start tag. The tag was accepted by the parser, so its
 * attributes are `name = "value"` or `name = 'value'` with no `<` and no quote of the same kind inside: a scan
 * of the tag text alone finds them.
 */
export function attributeSpan(text: string, el: XmlElement, name: string): AttributeSpan | undefined {
  const tag = text.slice(el.start, el.openEnd);
  const re = /([^\s=<>/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(tag); m; m = re.exec(tag)) {
    if (m[1] !== name) continue;
    const quote = m[2] === undefined ? "'" : '"';
    const value = m[2] ?? m[3] ?? '';
    const to = el.start + m.index + m[0].length - 1;
    return { from: to - value.length, to, quote };
  }
  return undefined;
}

/** One text splice: replace [from, to) with `insert`. */
export interface Splice {
  from: number;
  to: number;
  insert: string;
}

/** Apply non-overlapping splices (any order) to `text`. */
export function applySplices(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.from - a.from)) out = out.slice(0, s.from) + s.insert + out.slice(s.to);
  return out;
}

/** The whitespace that indents the line `index` stands on ('' when something else precedes it on its line). */
export function indentAt(text: string, index: number): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const lead = text.slice(lineStart, index);
  return /^[ \t]*$/.test(lead) ? lead : '';
}
