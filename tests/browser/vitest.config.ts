// Browser tests: the built site (dist/) in Debian's headless Chromium, driven
// by playwright-core, once with WebGPU (SwiftShader) and once without an
// adapter (the CPU fallback). Two files at a time, each with its own browser:
// the CPU backend's engine is one thread, so one file alone leaves one of the
// two cores here idle (55% busy, measured); KINDLING_BROWSER_FILES=1 runs
// them one at a time. A test's time limit allows for sharing the cores:
// the longest (the Precision lab's on SwiftShader) take about 200 s alone.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/server.ts'],
    environment: 'node',
    fileParallelism: true,
    maxWorkers: Number(process.env.KINDLING_BROWSER_FILES ?? 2),
    testTimeout: 480_000,
    hookTimeout: 240_000,
    reporters: ['verbose'],
  },
});
