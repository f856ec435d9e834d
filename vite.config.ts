// Vite builds the page into dist/: hashed JS, the engine worker, the wasm and a
// Workbox service worker that precaches all of it (see www/pwa.ts for how a
// new version takes over).
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  base: './',
  // Build-time assets (`cargo xtask assets`) are served as data/.
  publicDir: 'www/public',
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
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
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,json,bin}'],
        // Models, vocabularies and dictionaries are large and most visits use
        // few of them: they are cached when first used (below), not upfront.
        globIgnores: ['data/**'],
        runtimeCaching: [
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
