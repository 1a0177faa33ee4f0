import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // a guard against a hang, not a timing: CLI tests start several processes, slow on a busy 2-core machine
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
})
