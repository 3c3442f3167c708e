#!/usr/bin/env bash
# Real tools the oracle tests run (test/oracles/*), installed from the npm registry into .cache/oracles/<name>,
# one prefix per tool version so two versions of one tool can live side by side. Tests never download: an
# oracle test whose tool is absent here skips and says to run this script. Idempotent; CI (.ci/run) calls it.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=.cache/oracles
# name  package spec (exact where the behaviour under test is version-specific)
oracles=(
  "pnpm10 pnpm@10"
  "pnpm pnpm@latest"
  "yarn1 yarn@1.22.22"
  "berry @yarnpkg/cli-dist@latest"
  "bun bun@latest"
)
for line in "${oracles[@]}"; do
  read -r name spec <<<"$line"
  prefix="$root/$name"
  if [ -f "$prefix/.installed" ] && [ "$(cat "$prefix/.installed")" = "$spec" ]; then continue; fi
  mkdir -p "$prefix"
  echo "oracle $name: npm install $spec" >&2
  npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$prefix" "$spec" >/dev/null
  printf '%s' "$spec" >"$prefix/.installed"
done
