import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { ROCKY9 } from '../targets/dnf-fixtures';

import { repoSections, repoSetBaseurl } from './dnf-repo';
import { EditError } from './errors';
import { commentTextArb, eolArb, onlyEol, render, urlArb } from './testkit';

const M = 'https://mirrors.ustc.edu.cn/rocky/$releasever/BaseOS/$basearch/os/';

describe('dnf .repo editor', () => {
  it('reads sections as dnf does: first URL, enabled flag, the commented baseurl', () => {
    const s = repoSections(ROCKY9);
    assert.deepEqual(
      s.map((x) => x.id),
      ['baseos', 'baseos-debuginfo', 'appstream', 'crb'],
    );
    assert.equal(
      s[0]?.mirrorlist,
      'https://mirrors.rockylinux.org/mirrorlist?arch=$basearch&repo=BaseOS-$releasever$rltype',
    );
    assert.equal(s[0]?.commentedBaseurl, 'http://dl.rockylinux.org/$contentdir/$releasever/BaseOS/$basearch/os/');
    assert.equal(s[0]?.baseurl, undefined);
    assert.equal(s[1]?.enabled, false);
    const multi = repoSections('[a]\nbaseurl = http://one/x/\n  http://two/x/\nenabled=False\n');
    assert.equal(multi[0]?.baseurl, 'http://one/x/');
    assert.equal(multi[0]?.enabled, false);
  });

  it("comments out the mirrorlist and puts the baseurl under the distro's commented one; nothing else moves", () => {
    const after = repoSetBaseurl(ROCKY9, (s) => (s.id === 'baseos' ? M : null));
    const expected = ROCKY9.replace(
      'mirrorlist=https://mirrors.rockylinux.org/mirrorlist?arch=$basearch&repo=BaseOS-$releasever$rltype\n#baseurl=http://dl.rockylinux.org/$contentdir/$releasever/BaseOS/$basearch/os/\n',
      `#mirrorlist=https://mirrors.rockylinux.org/mirrorlist?arch=$basearch&repo=BaseOS-$releasever$rltype\n#baseurl=http://dl.rockylinux.org/$contentdir/$releasever/BaseOS/$basearch/os/\nbaseurl=${M}\n`,
    );
    assert.equal(after, expected);
    // Again with another mirror: the active baseurl is rewritten in place, the comments stay as they are.
    const again = repoSetBaseurl(after, (s) => (s.id === 'baseos' ? 'http://127.0.0.1:1/r/' : null));
    assert.equal(again, expected.replace(`baseurl=${M}`, 'baseurl=http://127.0.0.1:1/r/'));
    assert.equal(
      repoSetBaseurl(again, (s) => (s.id === 'baseos' ? 'http://127.0.0.1:1/r/' : null)),
      again,
    );
  });

  it('an active baseurl keeps its spacing; its continuation lines go; a metalink is commented; CRLF and no final newline kept', () => {
    const text = '[OS]\r\nbaseurl = http://a/x/\r\n  http://b/x/\r\nmetalink=https://m/?r=1\r\ngpgkey=http://a/KEY';
    assert.equal(
      repoSetBaseurl(text, () => 'https://m.example/x/'),
      '[OS]\r\nbaseurl = https://m.example/x/\r\n#metalink=https://m/?r=1\r\ngpgkey=http://a/KEY',
    );
    assert.equal(
      repoSetBaseurl('[a]\nmetalink=https://m/', () => 'https://x/'),
      '[a]\n#metalink=https://m/\nbaseurl=https://x/',
    );
  });

  it('refuses what dnf refuses, with the line', () => {
    for (const [text, reason] of [
      ['baseurl=http://x/\n[a]\n', /line 1: option before the first \[section\]/],
      ['[a]\nbaseurl http://x/\n', /line 2: expected key=value/],
      ['[a]\nname=x\n[]\n', /line 3: empty section name/],
      ['[a]\n[a]\n', /line 2: section \[a\] repeated/],
      ['\uFEFF[a]\n', /byte-order mark/],
    ] as const) {
      assert.throws(
        () => repoSetBaseurl(text, () => 'https://x/'),
        (e: unknown) => e instanceof EditError && reason.test(e.reason),
        text,
      );
    }
  });
});

// ---- property tests over generated repo files ----

interface Sec {
  id: string;
  lead: string[];
  url: { mirrorlist?: string; metalink?: string; commented?: string; baseurl?: string };
  tail: string[];
}

const idArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/);
const plainArb = fc.constantFrom(
  'gpgcheck=1',
  'enabled=0',
  'enabled=1',
  'countme=1',
  'gpgkey=file:///etc/pki/KEY',
  'metadata_expire=6h',
  '',
);
const commentArb = commentTextArb.map((c) => `# ${c}`.trimEnd());
const lineArb = fc.oneof(plainArb, commentArb);
const secArb: fc.Arbitrary<Sec> = fc.record({
  id: idArb,
  lead: fc.array(lineArb, { maxLength: 3 }),
  url: fc.record({ mirrorlist: urlArb, metalink: urlArb, commented: urlArb, baseurl: urlArb }, { requiredKeys: [] }),
  tail: fc.array(lineArb, { maxLength: 3 }),
});
const docArb = fc
  .tuple(
    fc.array(commentArb, { maxLength: 2 }),
    fc.uniqueArray(secArb, { selector: (s) => s.id, minLength: 1, maxLength: 4 }),
    eolArb,
    fc.boolean(),
  )
  .map(([head, secs, eol, finalNewline]) => {
    const lines = [...head];
    for (const s of secs) {
      lines.push(`[${s.id}]`, `name=${s.id}`, ...s.lead.filter((l) => !l.startsWith('enabled')));
      if (s.url.mirrorlist) lines.push(`mirrorlist=${s.url.mirrorlist}`);
      if (s.url.metalink) lines.push(`metalink=${s.url.metalink}`);
      if (s.url.commented) lines.push(`#baseurl=${s.url.commented}`);
      if (s.url.baseurl) lines.push(`baseurl=${s.url.baseurl}`);
      lines.push(...s.tail.filter((l) => !l.startsWith('enabled')));
    }
    return { text: render(lines, eol, finalNewline), eol, secs };
  });

const isUrlKey = (body: string) => /^(baseurl|mirrorlist|metalink)=/.test(body);

describe('dnf .repo editor: properties', () => {
  it('leaving every section alone is byte-identical', () => {
    fc.assert(fc.property(docArb, (d) => repoSetBaseurl(d.text, () => null) === d.text));
  });

  it('only the URL keys change: other lines keep their bytes and order, line endings and the final newline', () => {
    fc.assert(
      fc.property(docArb, urlArb, fc.func(fc.boolean()), (d, url, pick) => {
        const chosen = new Set(d.secs.filter((s) => pick(s.id)).map((s) => s.id));
        const after = repoSetBaseurl(d.text, (s) => (chosen.has(s.id) ? url : null));
        const keep = (t: string) => t.split(/\r?\n/).filter((l) => !isUrlKey(l) && !/^#(mirrorlist|metalink)=/.test(l));
        const originalCommented = d.text.split(/\r?\n/).filter((l) => /^#(mirrorlist|metalink)=/.test(l));
        assert.deepEqual(keep(after), keep(d.text), 'every line but the URL keys is unchanged and in order');
        assert.ok(onlyEol(after, d.eol));
        assert.equal(after.endsWith(d.eol), d.text.endsWith(d.eol));
        for (const s of repoSections(after)) {
          if (!chosen.has(s.id)) continue;
          assert.equal(s.baseurl, url);
          assert.equal(s.mirrorlist, undefined);
          assert.equal(s.metalink, undefined);
        }
        // Nothing the file had commented out before is lost.
        for (const l of originalCommented) assert.ok(after.includes(l));
      }),
    );
  });

  it('edit then restore (undoing exactly the three keys) gives the original bytes', () => {
    fc.assert(
      fc.property(docArb, urlArb, (d, url) => {
        const after = repoSetBaseurl(d.text, () => url);
        const byId = new Map(d.secs.map((s) => [s.id, s]));
        let current: Sec | undefined;
        const restored: string[] = [];
        for (const line of after.split(d.eol)) {
          const h = /^\[(.+)\]$/.exec(line);
          if (h) current = byId.get(h[1] ?? '');
          const u = current?.url;
          if (line === `#mirrorlist=${u?.mirrorlist}` || line === `#metalink=${u?.metalink}`)
            restored.push(line.slice(1));
          else if (line === `baseurl=${url}` && u?.baseurl === undefined) continue;
          else if (line === `baseurl=${url}`) restored.push(`baseurl=${u?.baseurl}`);
          else restored.push(line);
        }
        assert.equal(restored.join(d.eol), d.text);
      }),
    );
  });
});
