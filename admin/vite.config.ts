/**
 * The console: root `admin/`, built into `admin/dist` (the API serves it at `/`).
 * Build: `npx vite build --config admin/vite.config.ts`. Dev: the same config with `vite`, which
 * proxies `/api` to the API on http://localhost:3000.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rolldown } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Text files worth compressing (images and fonts of their own formats are compressed already). */
const TEXT_FILE = /\.(?:html|js|mjs|css|json|svg|txt|xml|map|webmanifest)$/;

/**
 * Precompressed siblings for the API's static server (express-static-gzip in api/app.ts): after the
 * build, every text file of the output gets `.br` (brotli quality 11) and `.gz` (gzip level 9) beside
 * it, so no request ever compresses on the fly. A sibling that would not be smaller is not written.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir).filter((f) => TEXT_FILE.test(f))) {
        const body = readFileSync(file);
        const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
        const gz = gzipSync(body, { level: 9 });
        if (br.length < body.length) writeFileSync(`${file}.br`, br);
        if (gz.length < body.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

/**
 * main.tsx is a small entry that starts React with a dynamic `import('./start.tsx')` once it has
 * fetched what the first page needs. So that the framework's chunks do not wait for main.tsx to
 * run, index.html preloads start.tsx's chunk and everything it imports statically.
 */
export function preloadStart(): Plugin {
  return {
    name: 'preload-start',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c): c is Rolldown.OutputChunk => c.type === 'chunk');
        const start = chunks.find((c) => c.facadeModuleId?.endsWith('/src/start.tsx'));
        if (!start) throw new Error('preload-start: no chunk for admin/src/start.tsx');
        const closure = (file: string, into: Set<string>): Set<string> => {
          if (into.has(file)) return into;
          into.add(file);
          for (const dep of (bundle[file] as Rolldown.OutputChunk).imports) closure(dep, into);
          return into;
        };
        // what Vite links already: the entry and its static imports
        const entry = chunks.find((c) => c.isEntry);
        const linked = entry ? closure(entry.fileName, new Set()) : new Set<string>();
        const files = [...closure(start.fileName, new Set())].filter((file) => !linked.has(file));
        return files.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), preloadStart(), precompress()],
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
            // the console's shared code (providers, layout, common fields and inputs, messages): one
            // chunk rather than a handful of tiny ones, which would queue on the browser's six
            // connections ahead of the first API calls; the pages stay chunks of their own (pages.ts)
            { name: 'app', test: /admin[\\/]src[\\/](common|providers|layout|i18n|permissions|theme)/, priority: 5 },
            // what main.tsx imports (the session), which must not wait for the framework's chunks
            { name: 'session', test: /admin[\\/]src[\\/](providers[\\/](session|earlyMe)|types)\.ts$|[\\/]rules[\\/](enums|regions)\.ts$/, priority: 40 },
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
