import { defineConfig } from 'vite';

/**
 * The renderer: plain Vite with esbuild's JSX (no React plugin needed) and a relative base, so the same build
 * loads from app:// in Electron and under the harness's token path. Paths are relative to the repository root,
 * where scripts/build.mjs runs Vite (this file is type-checked with the renderer, which has no Node types).
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
