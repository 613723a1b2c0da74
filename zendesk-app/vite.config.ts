import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The app is served by Zendesk from the package's assets/ folder, so every URL is relative (base './').
// Dev: `vite` on port 3000 is the location URL of the dev manifest (http://localhost:3000/).
export default defineConfig({
  root: here('./src'),
  base: './',
  plugins: [react()],
  resolve: {
    // Bundle shared's TypeScript source: it is pure and browser-safe, and no prior build is needed.
    // Deep paths (`@triage-assistant/shared/src/…`) let the sidebar keep the engine out of its initial chunk.
    alias: [
      { find: /^@triage-assistant\/shared$/, replacement: here('../shared/src/index.ts') },
      { find: /^@triage-assistant\/shared\/src\/(.*)$/, replacement: `${here('../shared/src/')}$1` },
    ],
  },
  server: { port: 3000, strictPort: true, cors: true },
  build: {
    outDir: here('./dist/assets'),
    emptyOutDir: true,
    assetsDir: 'chunks',
    target: 'es2020',
    sourcemap: false,
    manifest: true,
    reportCompressedSize: true,
  },
});
