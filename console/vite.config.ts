// The console builds into the Python package (gateway/http/console), so the demo
// serves it without Node. CONSOLE_OUT_DIR lets the staleness test build elsewhere.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, URL } from "node:url";
import { join, relative, resolve, sep } from "node:path";
import { defineConfig, type Plugin } from "vite";
import vue from "@vitejs/plugin-vue";
import AutoImport from "unplugin-auto-import/vite";
import Components from "unplugin-vue-components/vite";
import { ElementPlusResolver } from "unplugin-vue-components/resolvers";

const outDir = process.env.CONSOLE_OUT_DIR ?? fileURLToPath(new URL("../gateway/http/console", import.meta.url));

// The console's sources (not node_modules, not dot-files), by path.
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith(".") && entry.name !== "node_modules")
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

// A fingerprint of the sources, written beside the build as source.sha256, so a test can
// tell a stale build in milliseconds (tests/console/test_console_build.py recomputes it
// with the same recipe: SHA-256 over each file's relative path, NUL, bytes, NUL).
function sourceFingerprint(): Plugin {
  return {
    name: "source-fingerprint",
    apply: "build",
    closeBundle() {
      const files = sourceFiles(__dirname).map((file) => relative(__dirname, file).split(sep).join("/"));
      const hash = createHash("sha256");
      for (const name of files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        hash.update(name).update("\0").update(readFileSync(join(__dirname, name))).update("\0");
      }
      writeFileSync(join(outDir, "source.sha256"), `${hash.digest("hex")}\n`);
    },
  };
}

export default defineConfig({
  base: "/console/",
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: "src/auto-imports.d.ts" }),
    Components({ resolvers: [ElementPlusResolver()], dts: "src/components.d.ts" }),
    sourceFingerprint(),
  ],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // React packages' "use client" directives mean nothing outside a server-components build.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      input: {
        console: resolve(__dirname, "index.html"),
        graphiql: resolve(__dirname, "graphiql.html"),
      },
    },
  },
  server: { proxy: { "/graphql": "http://127.0.0.1:8000", "/cards": "http://127.0.0.1:8000" } },
});
