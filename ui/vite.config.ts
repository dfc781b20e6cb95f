import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const uiRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/ui', import.meta.url));

/**
 * The web UI: root is ui/, output goes to <repo>/dist/ui, which the server serves
 * (src/web/static.ts). `npx vite --config ui/vite.config.ts` runs a dev server that proxies
 * the API to a Swimmy on SWIMMY_DEV_API (default http://127.0.0.1:3000).
 */
export default defineConfig({
  root: uiRoot,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: process.env.SWIMMY_DEV_API ?? 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
