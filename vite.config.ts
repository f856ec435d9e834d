// Vite builds the page into dist/: hashed JS, the engine worker, both engine
// builds' wasm and a Workbox service worker that precaches all of it but the
// GPU engine, kept only where it runs (see www/pwa.ts for both, and for how a
// new version takes over).
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The GPU engine's wasm, by the name wasm-bindgen gives it (xtask/src/engine.rs). */
const GPU_ENGINE = 'kindling_gpu_bg';

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
  server: { host: '127.0.0.1', port: 8080 },
  preview: { host: '127.0.0.1', port: 8080, strictPort: true },
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
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,json,bin,webmanifest}'],
        // Models, vocabularies and dictionaries are large and most visits use
        // few of them: they are cached when first used (below), not upfront.
        // So is the GPU engine, which a page on the CPU never loads.
        globIgnores: ['data/**', `assets/${GPU_ENGINE}-*.wasm`],
        runtimeCaching: [
          {
            // Hashed by content: this version's file, kept alone (the last
            // version's goes when this one is stored).
            urlPattern: new RegExp(`/assets/${GPU_ENGINE}-[\\w-]+\\.wasm$`),
            handler: 'CacheFirst',
            options: {
              cacheName: 'kindling-gpu-engine',
              expiration: { maxEntries: 1 },
              cacheableResponse: { statuses: [200] },
            },
          },
          {
            urlPattern: /\/data\//,
            handler: 'CacheFirst',
            options: {
              cacheName: `kindling-data-${pkg.version}`,
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
        maximumFileSizeToCacheInBytes: 128 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        // The first install may take the open page at once (there is no old
        // version to mix with); later versions still wait for the prompt.
        clientsClaim: true,
        navigateFallback: 'index.html',
      },
    }),
  ],
});
