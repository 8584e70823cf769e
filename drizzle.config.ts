import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "mysql",
  schema: "./edge/src/db/schema/index.ts",
  out: "./migrations",
});
