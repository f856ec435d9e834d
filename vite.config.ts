// Vite builds the page into dist/: hashed JS, the engine worker, the three
// engine builds' wasm and the service worker (www/sw.ts), into which Workbox
// injects the list of files to precache: all but the GPU engine, kept only
// where it runs (www/pwa.ts says how a new version takes over). The service
// worker and the dev and preview servers make the page cross-origin isolated
// (www/isolation.ts), so the CPU engine can run on every core.
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { GPU_ENGINE } from './www/engine/files';
import { ISOLATION_HEADERS } from './www/isolation';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  base: './',
  // Build-time assets (`cargo xtask assets`) are served as data/.
  publicDir: 'www/public',
  define: {
    // KINDLING_APP_VERSION: the update test's second build names itself a newer version.
    __APP_VERSION__: JSON.stringify(process.env.KINDLING_APP_VERSION ?? pkg.version),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The wasm is large and must stay one file, fetched with progress.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 8080, headers: { ...ISOLATION_HEADERS } },
  preview: { host: '127.0.0.1', port: 8080, strictPort: true, headers: { ...ISOLATION_HEADERS } },
  plugins: [
    VitePWA({
      // 'prompt': a new service worker waits until the page says so, so a
      // running page never mixes old JS with new wasm.
      registerType: 'prompt',
      injectRegister: false,
      // The web app manifest: browsers offer to install Kindling, and the
      // installed app opens offline from its icon (drawn for this project:
      // www/public/icons/*.svg, rendered to PNG). Paths are relative, so the
      // app installs from any sub-path it is served under.
      manifest: {
        name: 'Kindling: deep learning you can touch',
        short_name: 'Kindling',
        description: 'A deep-learning playground that trains and runs real models in your browser, offline, in English and 简体中文.',
        lang: 'en',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#fbfaf7',
        theme_color: '#c2410c',
        categories: ['education'],
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      strategies: 'injectManifest',
      srcDir: 'www',
      filename: 'sw.ts',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,json,bin,webmanifest}'],
        // Models, vocabularies and dictionaries are large and most visits use
        // few of them: they are cached when first used (www/sw.ts), not
        // upfront. So is the GPU engine, which a page on the CPU never loads.
        globIgnores: ['data/**', `assets/${GPU_ENGINE}-*.wasm`],
        maximumFileSizeToCacheInBytes: 128 * 1024 * 1024,
      },
    }),
  ],
});
