import { mirrorsCentral } from '../../../shared/targets/maven';

import { eolFor, type EolOptions } from './eol';
import { EditError } from './errors';
import {
  applySplices,
  child,
  childText,
  children,
  escapeXml,
  indentAt,
  parseXml,
  type Splice,
  type XmlElement,
} from './xml';

/**
 * Maven's settings.xml, `<mirrors>` only (https://maven.apache.org/guides/mini/guide-mirror-settings.html).
 * Everything else, `<servers>` and their credentials included, is never read into a value: edits splice the
 * text of one mirror and keep every other byte.
 */
const FORMAT = 'Maven settings XML';

/** The id MirrorKit gives the mirror it adds, so it recognises its own on the next apply. */
export const MIRRORKIT_MIRROR_ID = 'mirrorkit';

/** Maven Central's id in the super POM: what `mirrorOf` patterns are matched against. */
const CENTRAL = 'central';

export { mirrorsCentral };

export interface MavenMirror {
  id: string | undefined;
  mirrorOf: string | undefined;
  url: string | undefined;
  el: XmlElement;
}

function settingsRoot(text: string): XmlElement {
  const root = parseXml(text, FORMAT);
  if (root.name !== 'settings') throw new EditError(FORMAT, `the root element is <${root.name}>, not <settings>`);
  return root;
}

/** The `<mirror>` entries, in file order (the order Maven tries them in). Empty for a missing or blank file. */
export function mavenMirrors(text: string | null): MavenMirror[] {
  if (text === null || text.trim() === '') return [];
  const mirrors = child(settingsRoot(text), 'mirrors');
  if (!mirrors) return [];
  return children(mirrors, 'mirror').map((el) => ({
    id: childText(el, 'id'),
    mirrorOf: childText(el, 'mirrorOf'),
    url: childText(el, 'url'),
    el,
  }));
}

/** The mirror Maven uses for Central from this file: the first whose `mirrorOf` matches it. */
export function centralMirror(text: string | null): MavenMirror | undefined {
  return mavenMirrors(text).find((m) => mirrorsCentral(m.mirrorOf));
}

const NEW_FILE = (eol: string, block: string) =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0"',
    '          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.0.0 https://maven.apache.org/xsd/settings-1.0.0.xsd">',
    `  <mirrors>${block}`,
    '  </mirrors>',
    '</settings>',
    '',
  ].join(eol);

/** The indentation unit of the file: that of the root's first child, else two spaces. */
function unitOf(text: string, root: XmlElement): string {
  const first = root.children[0];
  const ind = first ? indentAt(text, first.start) : '';
  return ind === '' ? '  ' : ind;
}

export interface MirrorSpec {
  url: string;
  /** Default `central`: the mirror takes Central only, so company repositories stay reachable as declared. */
  mirrorOf?: string;
  name?: string;
}

/**
 * Make `spec.url` the mirror Maven uses for Central, changing as little as possible:
 * - MirrorKit's own mirror (id `mirrorkit`) or a mirror of Central alone (`mirrorOf` exactly `central`) that
 *   Maven picks first for Central gets its `<url>` replaced (ours also its `<mirrorOf>`);
 * - otherwise a `mirrorkit` mirror is added as the first `<mirror>` (Maven tries them in order), and an older
 *   `mirrorkit` mirror further down is removed, so a company mirror of `*` keeps serving everything but Central.
 * Returns the new text; `text` null or blank creates a settings file.
 */
export function setCentralMirror(text: string | null, spec: MirrorSpec, opts?: EolOptions): string {
  const mirrorOf = spec.mirrorOf ?? CENTRAL;
  const url = escapeXml(spec.url);
  if (text === null || text.trim() === '') {
    const eol = opts?.eol ?? '\n';
    return NEW_FILE(eol, mirrorBlock(eol, '    ', '  ', url, mirrorOf, spec.name));
  }
  const eol = eolFor(text, opts);
  const root = settingsRoot(text);
  const mirrors = mavenMirrors(text);
  const first = mirrors.find((m) => mirrorsCentral(m.mirrorOf));
  const ours = first && (first.id === MIRRORKIT_MIRROR_ID || first.mirrorOf === CENTRAL) ? first : undefined;
  if (ours) {
    const splices = [replaceText(ours.el, 'url', url)];
    if (ours.id === MIRRORKIT_MIRROR_ID && ours.mirrorOf !== mirrorOf)
      splices.push(replaceText(ours.el, 'mirrorOf', escapeXml(mirrorOf)));
    return applySplices(text, splices);
  }
  const unit = unitOf(text, root);
  const splices: Splice[] = [];
  for (const m of mirrors.filter((x) => x.id === MIRRORKIT_MIRROR_ID)) splices.push(removal(text, m.el));
  const mirrorsEl = child(root, 'mirrors');
  if (mirrorsEl && !mirrorsEl.selfClosing) {
    const ind = indentAt(text, mirrorsEl.start) || unit;
    splices.push({
      from: mirrorsEl.openEnd,
      to: mirrorsEl.openEnd,
      insert: mirrorBlock(eol, ind + unit, unit, url, mirrorOf, spec.name),
    });
  } else if (mirrorsEl) {
    const ind = indentAt(text, mirrorsEl.start);
    splices.push({
      from: mirrorsEl.start,
      to: mirrorsEl.end,
      insert: `<mirrors>${mirrorBlock(eol, ind + unit, unit, url, mirrorOf, spec.name)}${eol}${ind}</mirrors>`,
    });
  } else if (root.selfClosing) {
    const inner = `<mirrors>${mirrorBlock(eol, unit + unit, unit, url, mirrorOf, spec.name)}${eol}${unit}</mirrors>`;
    const open = text.slice(root.start, root.openEnd).replace(/\s*\/>$/, '>');
    splices.push({ from: root.start, to: root.end, insert: `${open}${eol}${unit}${inner}${eol}</settings>` });
  } else {
    const block = `<mirrors>${mirrorBlock(eol, unit + unit, unit, url, mirrorOf, spec.name)}${eol}${unit}</mirrors>`;
    const closeIndent = indentAt(text, root.closeStart);
    // `</settings>` on a line of its own: the new block goes on lines of its own just above it.
    if (
      text.lastIndexOf('\n', root.closeStart - 1) >= root.openEnd &&
      closeIndent === text.slice(text.lastIndexOf('\n', root.closeStart - 1) + 1, root.closeStart)
    ) {
      const at = root.closeStart - closeIndent.length;
      splices.push({ from: at, to: at, insert: `${unit}${block}${eol}` });
    } else {
      splices.push({ from: root.closeStart, to: root.closeStart, insert: `${eol}${unit}${block}${eol}` });
    }
  }
  return applySplices(text, splices);
}

function mirrorBlock(
  eol: string,
  ind: string,
  unit: string,
  url: string,
  mirrorOf: string,
  name: string | undefined,
): string {
  const inner = ind + unit;
  return [
    '',
    `${ind}<mirror>`,
    `${inner}<id>${MIRRORKIT_MIRROR_ID}</id>`,
    `${inner}<mirrorOf>${escapeXml(mirrorOf)}</mirrorOf>`,
    ...(name ? [`${inner}<name>${escapeXml(name)}</name>`] : []),
    `${inner}<url>${url}</url>`,
    `${ind}</mirror>`,
  ].join(eol);
}

/** Replace the content of child `name` of `el` (already escaped). */
function replaceText(el: XmlElement, name: string, escaped: string): Splice {
  const c = child(el, name);
  if (!c) throw new EditError(FORMAT, `<mirror> without <${name}>`);
  if (c.selfClosing) return { from: c.start, to: c.end, insert: `<${name}>${escaped}</${name}>` };
  return { from: c.openEnd, to: c.closeStart, insert: escaped };
}

/** Remove an element with the line break and indentation before it. */
function removal(text: string, el: XmlElement): Splice {
  const ind = indentAt(text, el.start);
  let from = el.start - ind.length;
  if (text[from - 1] === '\n') from -= text[from - 2] === '\r' ? 2 : 1;
  return { from, to: el.end, insert: '' };
}

/** Remove every mirror MirrorKit added (id `mirrorkit`); other bytes stay. */
export function removeMirrorkitMirrors(text: string | null): string | null {
  if (text === null || text.trim() === '') return text;
  const ours = mavenMirrors(text).filter((m) => m.id === MIRRORKIT_MIRROR_ID);
  return ours.length === 0
    ? text
    : applySplices(
        text,
        ours.map((m) => removal(text, m.el)),
      );
}
