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
 * Maven's settings.xml, `<proxies>` only. MirrorKit's own entries have ids `mirrorkit-http` / `mirrorkit-https`
 * and go first (Maven takes the first active proxy for a protocol). A proxy's `<username>`/`<password>` are
 * never read: only id, protocol, host, port and nonProxyHosts are, and every other byte is kept.
 */
const FORMAT = 'Maven settings XML';
const OURS = /^mirrorkit-/;

export interface MavenProxy {
  id: string;
  protocol: 'http' | 'https';
  host: string;
  port: number;
  /** Maven's list: host names and `*` wildcards joined with `|`. */
  nonProxyHosts?: string;
}

function settingsRoot(text: string): XmlElement {
  const root = parseXml(text, FORMAT);
  if (root.name !== 'settings') throw new EditError(FORMAT, `the root element is <${root.name}>, not <settings>`);
  return root;
}

/** The proxies of a settings file, as `id protocol host:port nonProxyHosts` lines (credentials never read). */
export function mavenProxies(text: string | null): string[] {
  if (text === null || text.trim() === '') return [];
  const proxies = child(settingsRoot(text), 'proxies');
  if (!proxies) return [];
  return children(proxies, 'proxy')
    .filter((p) => (childText(p, 'active') ?? 'true') !== 'false')
    .map((p) =>
      [
        childText(p, 'id') ?? '',
        childText(p, 'protocol') ?? 'http',
        `${childText(p, 'host') ?? ''}:${childText(p, 'port') ?? '8080'}`,
        childText(p, 'nonProxyHosts') ?? '',
      ]
        .join(' ')
        .trim(),
    );
}

function block(eol: string, ind: string, unit: string, p: MavenProxy): string {
  const inner = ind + unit;
  return [
    '',
    `${ind}<proxy>`,
    `${inner}<id>${escapeXml(p.id)}</id>`,
    `${inner}<active>true</active>`,
    `${inner}<protocol>${p.protocol}</protocol>`,
    `${inner}<host>${escapeXml(p.host)}</host>`,
    `${inner}<port>${p.port}</port>`,
    ...(p.nonProxyHosts ? [`${inner}<nonProxyHosts>${escapeXml(p.nonProxyHosts)}</nonProxyHosts>`] : []),
    `${ind}</proxy>`,
  ].join(eol);
}

/** Remove an element with the line break and indentation before it. */
function removal(text: string, el: XmlElement): Splice {
  const ind = indentAt(text, el.start);
  let from = el.start - ind.length;
  if (text[from - 1] === '\n') from -= text[from - 2] === '\r' ? 2 : 1;
  return { from, to: el.end, insert: '' };
}

/** Make `wanted` MirrorKit's proxies (replacing its earlier ones), first in `<proxies>`; `text` null creates a file. */
export function setMirrorkitProxies(text: string | null, wanted: readonly MavenProxy[], opts?: EolOptions): string {
  if (text === null || text.trim() === '') {
    const eol = opts?.eol ?? '\n';
    const blocks = wanted.map((p) => block(eol, '    ', '  ', p)).join('');
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">',
      `  <proxies>${blocks}`,
      '  </proxies>',
      '</settings>',
      '',
    ].join(eol);
  }
  const eol = eolFor(text, opts);
  const root = settingsRoot(text);
  const first = root.children[0];
  const unit = (first ? indentAt(text, first.start) : '') || '  ';
  const proxies = child(root, 'proxies');
  const splices: Splice[] = [];
  if (proxies && !proxies.selfClosing) {
    for (const p of children(proxies, 'proxy')) if (OURS.test(childText(p, 'id') ?? '')) splices.push(removal(text, p));
    const ind = indentAt(text, proxies.start) || unit;
    const blocks = wanted.map((p) => block(eol, ind + unit, unit, p)).join('');
    splices.push({ from: proxies.openEnd, to: proxies.openEnd, insert: blocks });
    return applySplices(text, splices);
  }
  const ind = proxies ? indentAt(text, proxies.start) : unit;
  const element = `<proxies>${wanted.map((p) => block(eol, ind + unit, unit, p)).join('')}${eol}${ind}</proxies>`;
  if (proxies) return applySplices(text, [{ from: proxies.start, to: proxies.end, insert: element }]);
  if (root.selfClosing) {
    const open = text.slice(root.start, root.openEnd).replace(/\s*\/>$/, '>');
    return applySplices(text, [
      { from: root.start, to: root.end, insert: `${open}${eol}${unit}${element}${eol}</settings>` },
    ]);
  }
  const closeIndent = indentAt(text, root.closeStart);
  const lineStart = text.lastIndexOf('\n', root.closeStart - 1);
  // `</settings>` on a line of its own: the new element goes on lines of its own just above it.
  if (lineStart >= root.openEnd && closeIndent === text.slice(lineStart + 1, root.closeStart)) {
    const at = root.closeStart - closeIndent.length;
    return applySplices(text, [{ from: at, to: at, insert: `${unit}${element}${eol}` }]);
  }
  return applySplices(text, [{ from: root.closeStart, to: root.closeStart, insert: `${eol}${unit}${element}${eol}` }]);
}
