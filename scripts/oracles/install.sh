#!/usr/bin/env bash
# The real package managers the oracle tests run, installed into .cache/oracles/ (never system-wide), from the
# registries this project's machines reach. Tests find them through test/helpers/oracles.ts and skip, saying so,
# when one is absent. Safe to run again: what is there already is kept.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=.cache/oracles
mkdir -p "$dest"

# Python tools (PyPI): one virtual environment, so their scripts find their own packages.
py_tools=(uv pdm)
if [ ! -x "$dest/venv/bin/python" ]; then python3 -m venv "$dest/venv"; fi
missing=()
for t in "${py_tools[@]}"; do [ -x "$dest/venv/bin/$t" ] || missing+=("$t"); done
if [ "${#missing[@]}" -gt 0 ]; then
  "$dest/venv/bin/pip" install --quiet --disable-pip-version-check "${missing[@]}"
fi
# huggingface_hub's command is `hf`.
[ -x "$dest/venv/bin/hf" ] || "$dest/venv/bin/pip" install --quiet --disable-pip-version-check huggingface_hub
echo "oracles: $(for t in "${py_tools[@]}"; do printf '%s ' "$t"; done)hf in $dest/venv/bin"
# Poetry in a virtual environment of its own: it pins its dependencies (virtualenv, dulwich, findpython …)
# tightly enough that sharing one with PDM could move PDM's.
if [ ! -x "$dest/poetry/bin/poetry" ]; then
  [ -x "$dest/poetry/bin/python" ] || python3 -m venv "$dest/poetry"
  "$dest/poetry/bin/pip" install --quiet --disable-pip-version-check poetry
fi
echo "oracles: poetry in $dest/poetry/bin"

# npm-published package managers (pnpm, yarn, bun) and Electron's downloader (@electron/get 5.1.0, the one
# electron@45 depends on: its getArtifactRemoteURL() is the electron target's oracle): one prefix per tool
# version, .cache/oracles/<name>, so two versions of one tool live side by side (pnpm 10 reads ~/.npmrc, pnpm ≥ 11
# its own config.yaml).
npm_tools=(
  "pnpm10 pnpm@10"
  "pnpm pnpm@latest"
  "yarn1 yarn@1.22.22"
  "berry @yarnpkg/cli-dist@latest"
  "bun bun@latest"
  "electron-get @electron/get@5.1.0"
)
for line in "${npm_tools[@]}"; do
  read -r name spec <<<"$line"
  prefix="$dest/$name"
  if [ -f "$prefix/.installed" ] && [ "$(cat "$prefix/.installed")" = "$spec" ]; then continue; fi
  mkdir -p "$prefix"
  npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$prefix" "$spec" >/dev/null
  printf '%s' "$spec" >"$prefix/.installed"
done
echo "oracles: $(for l in "${npm_tools[@]}"; do printf '%s ' "${l#* }"; done)in $dest/<name>/node_modules/.bin"

# fnm (crates.io): no prebuilt package on the registries this project reaches, and compiling its ~320 crates takes
# tens of minutes on a CI machine, so it is opt-in; test/oracles/fnm.test.ts skips, saying so, without it.
if [ "${MIRRORKIT_ORACLE_FNM:-}" = 1 ] && [ ! -x "$dest/fnm/bin/fnm" ]; then
  cargo install --locked --quiet fnm --root "$dest/fnm"
  echo "oracles: fnm in $dest/fnm/bin"
fi
