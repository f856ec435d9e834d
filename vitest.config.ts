// Front-end unit tests: pure modules (URL state, i18n tables, protocol mirror).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('test') },
  test: {
    include: ['www/**/*.test.ts'],
    environment: 'node',
  },
});
