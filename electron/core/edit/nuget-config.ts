import { eolFor, type EolOptions } from './eol';
import { EditError } from './errors';
import {
  applySplices,
  attributeSpan,
  child,
  escapeXmlAttr,
  indentAt,
  parseXml,
  type Splice,
  type XmlElement,
} from './xml';

/**
 * NuGet.Config (https://learn.microsoft.com/nuget/reference/nuget-config-file), `<packageSources>` and
 * `<disabledPackageSources>` only. `<packageSourceCredentials>` and `<apikeys>` are never looked at: nothing of
 * them reaches a value, a warning or a plan's summary, and edits splice a few bytes and keep every other one
 * (comments, order, line endings, a byte-order mark — NuGet writes its own files with one).
 */
const FORMAT = 'NuGet.Config XML';

/** The key NuGet itself gives nuget.org (the default NuGet.Config, `dotnet nuget list source`). */
export const NUGET_ORG_KEY = 'nuget.org';

export interface NugetSource {
  key: string;
  value: string;
  el: XmlElement;
}

export interface NugetConfigView {
  /** The sources this file defines that survive its own `<clear/>`, in file order. */
  sources: NugetSource[];
  /** The file has a `<clear/>` in `<packageSources>`: sources of the files below it (machine-wide) are dropped. */
  cleared: boolean;
  /** Keys (lower case) that `<disabledPackageSources>` disables (`value="true"`). */
  disabled: Set<string>;
}

function configRoot(text: string): XmlElement {
  const root = parseXml(text, FORMAT);
  if (root.name !== 'configuration')
    throw new EditError(FORMAT, `the root element is <${root.name}>, not <configuration>`);
  return root;
}

/** The `<add>` items of a section after its last `<clear/>` (NuGet drops what a clear precedes). */
function itemsAfterClear(section: XmlElement | undefined): { adds: XmlElement[]; cleared: boolean } {
  if (!section) return { adds: [], cleared: false };
  const last = section.children.map((c) => c.name).lastIndexOf('clear');
  return { adds: section.children.slice(last + 1).filter((c) => c.name === 'add'), cleared: last >= 0 };
}

/** NuGet compares source keys without regard to case. */
const sameKey = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** What the file says about package sources. Empty for a missing or blank file. */
export function readNugetConfig(text: string | null): NugetConfigView {
  const view: NugetConfigView = { sources: [], cleared: false, disabled: new Set() };
  if (text === null || text.trim() === '') return view;
  const root = configRoot(text);
  const ps = itemsAfterClear(child(root, 'packageSources'));
  view.cleared = ps.cleared;
  for (const el of ps.adds) {
    const { key, value } = el.attributes;
    if (key === undefined) throw new EditError(FORMAT, '<add> in <packageSources> without a key attribute');
    view.sources.push({ key, value: (value ?? '').trim(), el });
  }
  for (const el of itemsAfterClear(child(root, 'disabledPackageSources')).adds) {
    const { key, value } = el.attributes;
    if (key !== undefined && value?.trim().toLowerCase() === 'true') view.disabled.add(key.toLowerCase());
  }
  return view;
}

/** The `nuget.org` source this file defines (the last one, as a later item replaces an earlier one). */
export function nugetOrgSource(view: NugetConfigView): NugetSource | undefined {
  return view.sources.filter((s) => sameKey(s.key, NUGET_ORG_KEY)).at(-1);
}

const addLine = (url: string) => `<add key="${NUGET_ORG_KEY}" value="${escapeXmlAttr(url)}" />`;

const NEW_FILE = (eol: string, url: string) =>
  [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<configuration>',
    '  <packageSources>',
    `    ${addLine(url)}`,
    '  </packageSources>',
    '</configuration>',
    '',
  ].join(eol);

/** The indentation unit of the file: that of the root's first child, else two spaces. */
function unitOf(text: string, root: XmlElement): string {
  const first = root.children[0];
  const ind = first ? indentAt(text, first.start) : '';
  return ind === '' ? '  ' : ind;
}

/**
 * Point the source keyed `nuget.org` at `url`: its `value` is replaced in place, or, when the file defines no
 * such source, one `<add key="nuget.org" …/>` is appended to `<packageSources>` (created when missing).
 *
 * Why this and not "add a mirror source and disable nuget.org" (`dotnet nuget add source` + `disable source`):
 * NuGet restores from every enabled source, so the key that names nuget.org is the one to move; package source
 * mapping (`<packageSourceMapping><packageSource key="nuget.org">`) keeps working, since the key stays; and the
 * change is one attribute (or one line), which restore undoes byte for byte. The other attributes
 * (`protocolVersion`) stay as the user wrote them; a new line carries none, as `dotnet nuget add source` writes
 * it: current NuGet takes a URL ending in `.json` as a v3 service index by itself.
 */
export function setNugetOrg(text: string | null, url: string, opts?: EolOptions): string {
  if (text === null || text.trim() === '') return NEW_FILE(opts?.eol ?? '\n', url);
  const eol = eolFor(text, opts);
  const root = configRoot(text);
  const existing = nugetOrgSource(readNugetConfig(text));
  if (existing) {
    const span = attributeSpan(text, existing.el, 'value');
    if (span) return applySplices(text, [{ from: span.from, to: span.to, insert: escapeXmlAttr(url, span.quote) }]);
    const key = attributeSpan(text, existing.el, 'key');
    if (!key) throw new EditError(FORMAT, '<add> in <packageSources> without a key attribute');
    return applySplices(text, [{ from: key.to + 1, to: key.to + 1, insert: ` value="${escapeXmlAttr(url)}"` }]);
  }
  const unit = unitOf(text, root);
  const section = child(root, 'packageSources');
  let splice: Splice;
  if (section && !section.selfClosing) {
    const last = section.children.at(-1);
    const ind = (last ? indentAt(text, last.start) : '') || indentAt(text, section.start) + unit;
    const closeIndent = indentAt(text, section.closeStart);
    const lineStart = section.closeStart - closeIndent.length;
    // `</packageSources>` on a line of its own: the new line goes just above it; else right before it.
    splice =
      text[lineStart - 1] === '\n' && lineStart > section.openEnd
        ? { from: lineStart, to: lineStart, insert: `${ind}${addLine(url)}${eol}` }
        : {
            from: section.closeStart,
            to: section.closeStart,
            insert: `${eol}${ind}${addLine(url)}${eol}${indentAt(text, section.start)}`,
          };
  } else if (section) {
    const ind = indentAt(text, section.start);
    splice = {
      from: section.start,
      to: section.end,
      insert: `<packageSources>${eol}${ind}${unit}${addLine(url)}${eol}${ind}</packageSources>`,
    };
  } else {
    const block = `<packageSources>${eol}${unit}${unit}${addLine(url)}${eol}${unit}</packageSources>`;
    if (root.selfClosing) {
      // NuGet's own empty file is `<configuration />`.
      const open = text.slice(root.start, root.openEnd).replace(/\s*\/>$/, '>');
      splice = { from: root.start, to: root.end, insert: `${open}${eol}${unit}${block}${eol}</configuration>` };
    } else {
      const closeIndent = indentAt(text, root.closeStart);
      const lineStart = root.closeStart - closeIndent.length;
      splice =
        text[lineStart - 1] === '\n' && lineStart > root.openEnd
          ? { from: lineStart, to: lineStart, insert: `${unit}${block}${eol}` }
          : { from: root.closeStart, to: root.closeStart, insert: `${eol}${unit}${block}${eol}` };
    }
  }
  return applySplices(text, [splice]);
}
