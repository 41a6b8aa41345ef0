/**
 * The console: root `admin/`, built into `admin/dist` (the API serves it at `/`).
 * Build: `npx vite build --config admin/vite.config.ts`. Dev: the same config with `vite`, which
 * proxies `/api` to the API on http://localhost:3000.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // long-lived vendor chunks (cached across console releases); @mui/x-charts stays in the
        // lazily loaded chart chunk
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'mui', test: /node_modules[\\/](@mui[\\/](material|system|utils|styled-engine|private-theming|core-downloads-tracker|icons-material)|@emotion|@popperjs|react-transition-group|stylis)[\\/]/, priority: 20 },
            { name: 'react-admin', test: /node_modules[\\/](react-admin|ra-[a-z0-9-]+|@tanstack|react-router|react-router-dom|react-hook-form|lodash|query-string|inflection|date-fns|react-dropzone|react-error-boundary|node-polyglot|clsx|jsonexport|dompurify|eventemitter3)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true },
    },
  },
});
