import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { EditError } from './errors';
import { NUGET_ORG_KEY, nugetOrgSource, readNugetConfig, setNugetOrg } from './nuget-config';
import { attributeSpan, parseXml } from './xml';
import { commentTextArb, eolArb, onlyEol, urlArb } from './testkit';

const M = 'https://mirrors.huaweicloud.com/repository/nuget/v3/index.json';
const valueOf = (text: string) => nugetOrgSource(readNugetConfig(text))?.value;

describe('NuGet.Config examples', () => {
  it("replaces only the nuget.org source's value: comments, credentials, BOM and CRLF stay", () => {
    const text = [
      '\uFEFF<?xml version="1.0" encoding="utf-8"?>',
      '<configuration>',
      '  <!-- ours -->',
      '  <packageSources>',
      '    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />',
      '    <add key="corp" value="https://nexus.corp.example/nuget/index.json" />',
      '  </packageSources>',
      '  <packageSourceCredentials>',
      '    <corp>',
      '      <add key="Username" value="me" />',
      '      <add key="ClearTextPassword" value="hunter2-very-secret" />',
      '    </corp>',
      '  </packageSourceCredentials>',
      '</configuration>',
      '',
    ].join('\r\n');
    const out = setNugetOrg(text, M);
    assert.equal(out, text.replace('https://api.nuget.org/v3/index.json', M));
    assert.equal(valueOf(out), M);
  });

  it("NuGet's own empty file (`<configuration />`) and a missing file get a packageSources section", () => {
    assert.equal(
      setNugetOrg('\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<configuration />', M),
      `\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <add key="nuget.org" value="${M}" />\n  </packageSources>\n</configuration>`,
    );
    assert.equal(
      setNugetOrg(null, M, { eol: '\r\n' }),
      `<?xml version="1.0" encoding="utf-8"?>\r\n<configuration>\r\n  <packageSources>\r\n    <add key="nuget.org" value="${M}" />\r\n  </packageSources>\r\n</configuration>\r\n`,
    );
  });

  it('appends nuget.org after the other sources, indented like them, when the file has none', () => {
    const text =
      '<configuration>\n\t<packageSources>\n\t\t<clear />\n\t\t<add key="corp" value="https://corp/index.json" />\n\t</packageSources>\n</configuration>\n';
    assert.equal(
      setNugetOrg(text, M),
      text.replace('</packageSources>', `\t<add key="nuget.org" value="${M}" />\n\t</packageSources>`),
    );
  });

  it('a nuget.org source before a <clear/> does not count: NuGet dropped it, a new one follows the clear', () => {
    const text =
      '<configuration>\n  <packageSources>\n    <add key="nuget.org" value="https://old/index.json" />\n    <clear/>\n  </packageSources>\n</configuration>\n';
    assert.equal(valueOf(text), undefined);
    assert.equal(readNugetConfig(text).cleared, true);
    const out = setNugetOrg(text, M);
    assert.equal(valueOf(out), M);
    assert.ok(out.includes('value="https://old/index.json"'));
  });

  it('keys are compared without case; disabled sources and quotes of either kind are read', () => {
    const text =
      "<configuration><packageSources><add key='NuGet.org' value='https://a/index.json'/></packageSources>" +
      '<disabledPackageSources><add key="nuget.org" value="true" /></disabledPackageSources></configuration>';
    assert.equal(valueOf(text), 'https://a/index.json');
    assert.ok(readNugetConfig(text).disabled.has(NUGET_ORG_KEY));
    assert.equal(setNugetOrg(text, `${M}?a&b`), text.replace('https://a/index.json', `${M}?a&amp;b`));
  });

  it('refuses a file that is not XML, or not a NuGet.Config, with the reason', () => {
    for (const [bad, reason] of [
      ['<configuration><packageSources>', /unclosed|end/i],
      ['<settings/>', /<settings>, not <configuration>/],
      ['<configuration><packageSources><add value="x"/></packageSources></configuration>', /without a key/],
    ] as const) {
      assert.throws(
        () => setNugetOrg(bad, M),
        (e: unknown) => e instanceof EditError && e.code === 'error.malformed-config' && reason.test(e.reason),
        bad,
      );
    }
  });
});

// A NuGet.Config as people write them: any indentation, line ending, comments, other sections, other sources
// before and after, with or without a nuget.org source, with or without a BOM and a final newline.
const keyArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,12}$/).filter((k) => k.toLowerCase() !== NUGET_ORG_KEY);
const sourceArb = fc.record({ key: keyArb, url: urlArb, quote: fc.constantFrom('"', "'") });
const docArb = fc.record({
  eol: eolArb,
  indent: fc.constantFrom('  ', '    ', '\t'),
  bom: fc.boolean(),
  decl: fc.boolean(),
  finalNewline: fc.boolean(),
  comment: fc.option(
    commentTextArb.filter((c) => !c.includes('--') && !c.endsWith('-')),
    { nil: undefined },
  ),
  before: fc.array(sourceArb, { maxLength: 3 }),
  after: fc.array(sourceArb, { maxLength: 3 }),
  nugetOrg: fc.option(fc.record({ url: urlArb, protocol: fc.boolean() }), { nil: undefined }),
  section: fc.constantFrom('full', 'empty', 'none'),
  config: fc.boolean(),
});
type Doc = typeof docArb extends fc.Arbitrary<infer T> ? T : never;

function render(d: Doc): string {
  const i = d.indent;
  const add = (s: { key: string; url: string; quote: string }) =>
    `${i}${i}<add key=${s.quote}${s.key}${s.quote} value=${s.quote}${s.url}${s.quote} />`;
  const lines = [
    ...(d.decl ? ['<?xml version="1.0" encoding="utf-8"?>'] : []),
    '<configuration>',
    ...(d.comment !== undefined ? [`${i}<!--${d.comment}-->`] : []),
    ...(d.config ? [`${i}<config>`, `${i}${i}<add key="repositoryPath" value="packages" />`, `${i}</config>`] : []),
  ];
  if (d.section === 'empty') lines.push(`${i}<packageSources />`);
  if (d.section === 'full') {
    lines.push(`${i}<packageSources>`, ...d.before.map(add));
    if (d.nugetOrg)
      lines.push(
        `${i}${i}<add key="nuget.org" value="${d.nugetOrg.url}"${d.nugetOrg.protocol ? ' protocolVersion="3"' : ''} />`,
      );
    lines.push(...d.after.map(add), `${i}</packageSources>`);
  }
  lines.push('</configuration>');
  return (d.bom ? '\uFEFF' : '') + lines.join(d.eol) + (d.finalNewline ? d.eol : '');
}

describe('NuGet.Config properties', () => {
  it('(a) afterwards NuGet reads the new URL for nuget.org, every other source as before, one line ending', () => {
    fc.assert(
      fc.property(docArb, urlArb, (d, url) => {
        const text = render(d);
        const out = setNugetOrg(text, url);
        assert.equal(valueOf(out), url);
        const others = (t: string) =>
          readNugetConfig(t)
            .sources.filter((s) => s.key !== NUGET_ORG_KEY)
            .map((s) => [s.key, s.value]);
        assert.deepEqual(others(out), others(text));
        assert.ok(onlyEol(out.replace(/^\uFEFF/, ''), d.eol));
        assert.equal(out.startsWith('\uFEFF'), d.bom);
      }),
    );
  });

  it('(b) setting the old URL back gives the original bytes (an existing source)', () => {
    fc.assert(
      fc.property(docArb, urlArb, (d, url) => {
        fc.pre(d.section === 'full' && d.nugetOrg !== undefined);
        const text = render(d);
        assert.equal(setNugetOrg(setNugetOrg(text, url), d.nugetOrg!.url), text);
      }),
    );
  });

  it('(c) only the value changes, or one block is inserted: removing it gives the original bytes', () => {
    fc.assert(
      fc.property(docArb, urlArb, (d, url) => {
        const text = render(d);
        const out = setNugetOrg(text, url);
        if (d.section === 'full' && d.nugetOrg) {
          const el = nugetOrgSource(readNugetConfig(out))!.el;
          const span = attributeSpan(out, el, 'value')!;
          assert.equal(out.slice(0, span.from) + d.nugetOrg.url + out.slice(span.to), text);
          return;
        }
        // The inserted text is one contiguous run: the common prefix and suffix cover the rest of the file.
        let p = 0;
        while (p < text.length && text[p] === out[p]) p++;
        let s = 0;
        while (s < text.length - p && text[text.length - 1 - s] === out[out.length - 1 - s]) s++;
        const inserted = out.slice(p, out.length - s);
        const removed = text.slice(p, text.length - s);
        assert.ok(inserted.includes(`value="${url}"`), inserted);
        // Only `<packageSources />` or `<configuration>`'s self-closing slash is replaced, never other bytes.
        assert.ok(removed === '' || /^<packageSources \/>$|^\/$| \/$/.test(removed), JSON.stringify(removed));
        parseXml(out);
      }),
    );
  });
});
