import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{local,shared,edge,compute,cli}/test/**/*.test.ts"],
    globalSetup: ["./test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    pool: "forks",
  },
});
