// The elevated helper's allowlist, composed from the target modules, printed whole: a change to what an
// administrator prompt may touch must show up here, in review.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { describeAllowlist, MACHINE_VARIABLES } from './allowlist';

const windows = { platform: 'win32' as const, env: { ProgramData: 'C:\\ProgramData' }, sysroot: '' };

test('the allowlist, as one auditable list (Windows)', () => {
  const expected = [
    'pip\tvariable\tPIP_INDEX_URL\tmirrorUrl',
    'pip\tvariable\tPIP_TRUSTED_HOST\thostList',
    'pip\tfile\tpip-global\tC:\\ProgramData\\pip\\pip.ini',
    'npm\tvariable\tNPM_CONFIG_REGISTRY\tmirrorUrl',
    'go\tvariable\tGOPROXY\tgoproxyList',
    'go\tvariable\tGOSUMDB\tgosumdb',
    'go\tvariable\tGOPRIVATE\tmoduleGlobList',
    'go\tvariable\tGONOPROXY\tmoduleGlobList',
    'go\tvariable\tGONOSUMDB\tmoduleGlobList',
    'cargo\tvariable\tCARGO_REGISTRIES_CRATES_IO_PROTOCOL\toneOf(sparse|git)',
    'docker\tfile\tdocker-engine\tC:\\ProgramData\\docker\\config\\daemon.json',
    'pnpm\tvariable\tPNPM_CONFIG_REGISTRY\tmirrorUrl',
    'uv\tvariable\tUV_DEFAULT_INDEX\tmirrorUrl',
    'pdm\tvariable\tPDM_PYPI_URL\tmirrorUrl',
    'yarn\tvariable\tYARN_REGISTRY\tmirrorUrl',
    'yarn\tvariable\tYARN_NPM_REGISTRY_SERVER\tmirrorUrl',
    'bun\tvariable\tBUN_CONFIG_REGISTRY\tmirrorUrl',
    'huggingface\tvariable\tHF_ENDPOINT\tmirrorUrl',
    'rustup\tvariable\tRUSTUP_DIST_SERVER\tmirrorUrl',
    'rustup\tvariable\tRUSTUP_UPDATE_ROOT\tmirrorUrl',
    'node\tvariable\tFNM_NODE_DIST_MIRROR\tmirrorUrl',
    'node\tvariable\tNODEJS_ORG_MIRROR\tmirrorUrl',
    'electron\tvariable\tELECTRON_MIRROR\tmirrorUrl',
    'electron\tvariable\tELECTRON_BUILDER_BINARIES_MIRROR\tmirrorUrl',
    'electron\tvariable\tSASS_BINARY_SITE\tmirrorUrl',
    'electron\tvariable\tSWC_BINARY_SITE\tmirrorUrl',
    'electron\tvariable\tNWJS_URLBASE\tmirrorUrl',
    'electron\tvariable\tPUPPETEER_DOWNLOAD_HOST\tmirrorUrl',
    'electron\tvariable\tPUPPETEER_DOWNLOAD_BASE_URL\tmirrorUrl',
    'electron\tvariable\tPUPPETEER_CHROME_DOWNLOAD_BASE_URL\tmirrorUrl',
    'electron\tvariable\tPUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL\tmirrorUrl',
    'electron\tvariable\tPLAYWRIGHT_DOWNLOAD_HOST\tmirrorUrl',
    'electron\tvariable\tPLAYWRIGHT_CHROMIUM_DOWNLOAD_HOST\tmirrorUrl',
    'electron\tvariable\tCHROMEDRIVER_CDNURL\tmirrorUrl',
    'electron\tvariable\tEDGEDRIVER_CDNURL\tmirrorUrl',
    'electron\tvariable\tOPERADRIVER_CDNURL\tmirrorUrl',
    'electron\tvariable\tPHANTOMJS_CDNURL\tmirrorUrl',
    'electron\tvariable\tSENTRYCLI_CDNURL\tmirrorUrl',
    'electron\tvariable\tSAUCECTL_INSTALL_BINARY_MIRROR\tmirrorUrl',
    'electron\tvariable\tPRISMA_ENGINES_MIRROR\tmirrorUrl',
    'electron\tvariable\tRIPGREP_PREBUILT_BINARIES_MIRROR\tmirrorUrl',
    'pub\tvariable\tPUB_HOSTED_URL\tmirrorUrl',
    'pub\tvariable\tFLUTTER_STORAGE_BASE_URL\tmirrorUrl',
    'winget\taction\twingetSource\twingetSourceUrl',
  ];
  assert.equal(describeAllowlist(windows), expected.join('\n'));
});

test('never PATH, GOFLAGS or a variable that points every user at another file', () => {
  for (const name of [
    'PATH',
    'GOFLAGS',
    'PIP_CONFIG_FILE',
    'NPM_CONFIG_USERCONFIG',
    'HTTPS_PROXY',
    'NODE_EXTRA_CA_CERTS',
  ])
    assert.equal(MACHINE_VARIABLES[name], undefined, name);
  for (const name of Object.keys(MACHINE_VARIABLES)) assert.equal(name, name.toUpperCase());
});
