import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { t } from '../../../shared/i18n';
import { EXIT, MirrorKitError, toMessage } from '../errors';
import { detectEol, eolFor, insertLines, joinLines, removeLines, splitLines } from './eol';
import { EditError, withPath } from './errors';
import { iniGet } from './ini';

describe('EditError and withPath', () => {
  it('renders the malformed-config message in both languages once the caller adds the path', () => {
    let caught: unknown;
    try {
      iniGet('\uFEFF[global]\nindex-url = https://m\n', 'global', 'index-url');
    } catch (e) {
      caught = withPath(e, 'C:\\Users\\me\\AppData\\Roaming\\pip\\pip.ini');
    }
    assert.ok(caught instanceof EditError);
    assert.equal(caught.exit, EXIT.badInput);
    const msg = toMessage(caught);
    assert.equal(msg.code, 'error.malformed-config');
    assert.equal(msg.params?.line, 1);
    const en = t('en', msg);
    assert.match(
      en,
      /^C:\\Users\\me\\AppData\\Roaming\\pip\\pip\.ini is not valid INI: line 1: the file starts with a UTF-8 byte-order mark/,
    );
    assert.doesNotMatch(t('zh-CN', msg), /\{(path|format|reason)\}/);
  });

  it('keeps other MirrorKitErrors’ codes and passes anything else through unchanged', () => {
    const other = withPath(new MirrorKitError('error.bad-url', { url: 'x', reason: 'y' }), '/p');
    assert.ok(other instanceof MirrorKitError);
    assert.deepEqual(other.params, { url: 'x', reason: 'y', path: '/p' });
    const bug = new TypeError('boom');
    assert.equal(withPath(bug, '/p'), bug);
  });
});

describe('line endings and line edits', () => {
  it('detects the dominant ending, falling back to the option only without any line break', () => {
    assert.equal(detectEol('a\r\nb\r\n'), '\r\n');
    assert.equal(detectEol('a\nb\r\nc\n'), '\n');
    assert.equal(detectEol(''), '\n');
    assert.equal(eolFor('', { eol: '\r\n' }), '\r\n');
    assert.equal(eolFor('one line', { eol: '\r\n' }), '\r\n');
    assert.equal(eolFor('a\nb', { eol: '\r\n' }), '\n');
  });

  const textArb = fc
    .array(fc.tuple(fc.stringMatching(/^[^\r\n]{0,5}$/), fc.constantFrom('\n', '\r\n')), { maxLength: 6 })
    .chain((ls) =>
      fc.boolean().map((final) => {
        const s = ls.map(([b, e]) => b + e).join('');
        return final || ls.length === 0 ? s : s.replace(/\r?\n$/, '');
      }),
    );

  it('splitLines/joinLines round-trip, and inserting then removing lines gives the original bytes', () => {
    fc.assert(
      fc.property(
        textArb,
        fc.nat(),
        fc.array(fc.stringMatching(/^[^\r\n]{0,5}$/), { minLength: 1, maxLength: 3 }),
        (text, n, bodies) => {
          const lines = splitLines(text);
          assert.equal(joinLines(lines), text);
          const after = (n % (lines.length + 1)) - 1;
          const grown = insertLines(lines, after, bodies, detectEol(text));
          const added = new Set(bodies.map((_, i) => after + 1 + i));
          assert.equal(joinLines(removeLines(grown, added)), text);
        },
      ),
    );
  });
});
