// Browser tests: the built site (dist/) in Debian's headless Chromium, driven
// by playwright-core, once with WebGPU (SwiftShader) and once without an
// adapter (the CPU fallback). Files run one at a time: two cores, one browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/server.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
    reporters: ['verbose'],
  },
});
