#!/usr/bin/env node
// STAND-IN for `wine <intermediate installer>` during electron-builder's NSIS build (see toolsets.mjs): writes the
// uninstaller that installer would write when run, to the path electron-builder gave it (UNINSTALLER_OUT_FILE).
// Same reading as electron-builder's UninstallerReader (its macOS route), which rejects the `.idata` section of
// Debian's NSIS stubs: the NSIS data starts where the last PE section ends; the uninstaller is that PE stub
// followed by the one inner block that is itself NSIS data (the uninstaller's header and code).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const NSIS_SIGNATURE = Buffer.from([
  0xef, 0xbe, 0xad, 0xde, 0x4e, 0x75, 0x6c, 0x6c, 0x73, 0x6f, 0x66, 0x74, 0x49, 0x6e, 0x73, 0x74,
]);

function uninstallerOf(buf) {
  if (buf.readUInt16LE(0) !== 0x5a4d) throw new Error("no 'MZ' signature");
  const pe = buf.readUInt32LE(0x3c);
  if (buf.readUInt32LE(pe) !== 0x4550) throw new Error("no 'PE' signature");
  const sections = buf.readUInt16LE(pe + 6);
  const optSize = buf.readUInt16LE(pe + 20);
  let end = 0;
  for (let i = 0; i < sections; i++) {
    const s = pe + 24 + optSize + i * 40;
    end = Math.max(end, buf.readUInt32LE(s + 20) + buf.readUInt32LE(s + 16));
  }
  const data = buf.subarray(end);
  if (!data.subarray(4, 20).equals(NSIS_SIGNATURE)) throw new Error('no NSIS data after the PE sections');
  if (data.readUInt32LE(24) !== data.length) throw new Error('NSIS data size mismatch');
  let pos = 28;
  let inner = null;
  while (pos + 4 <= data.length) {
    let size = data.readUInt32LE(pos);
    const compressed = (size & 0x80000000) !== 0;
    size &= 0x7fffffff;
    pos += 4;
    if (size === 0 || pos + size > data.length) break;
    let block = data.subarray(pos, pos + size);
    pos += size;
    if (compressed) block = zlib.inflateRawSync(block);
    if (block.length >= 20 && block.subarray(4, 20).equals(NSIS_SIGNATURE)) {
      if (inner) throw new Error('more than one inner NSIS block');
      inner = block;
    }
  }
  if (!inner) throw new Error('no inner NSIS block (is this an uninstaller-writing build?)');
  return Buffer.concat([buf.subarray(0, end), inner]);
}

const installer = process.argv[2];
if (!installer) {
  console.error('usage: uninstaller-reader.cjs <installer.exe>');
  process.exit(2);
}
// NsisTarget.computeScriptAndSignUninstaller: path.join(outDir, `${path.basename(installerPath, "exe")}__uninstaller.exe`)
const out = path.join(path.dirname(installer), `${path.basename(installer, 'exe')}__uninstaller.exe`);
try {
  writeFileSync(out, uninstallerOf(readFileSync(installer)));
  console.log(`uninstaller taken from ${path.basename(installer)} (stand-in for running it under wine)`);
} catch (e) {
  console.error(`could not take the uninstaller out of ${installer}: ${e.message}`);
  process.exit(1);
}
