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
echo "oracles: $(for t in "${py_tools[@]}"; do printf '%s ' "$t"; done)in $dest/venv/bin"
