/**
 * The console's entry, small on purpose: it runs as soon as it has arrived, while the framework's
 * chunks are still downloading (index.html preloads them, see admin/vite.config.ts), and starts the
 * two things the first page will wait for: the user's permissions (GET /api/me) and the chunk of the
 * page being opened. Then React starts (start.tsx).
 */
import { preloadRoute } from './pages.ts';
import { prefetchMe } from './providers/earlyMe.ts';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

// A tab still running an older release asks for a page chunk that the new release removed (the
// hashed file names changed): reload once to pick up the new index.html, not show an error page.
const RELOADED_KEY = 'pev.reloadedForNewRelease';
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem(RELOADED_KEY) ?? 0);
  if (Date.now() - last < 10_000) return; // reloaded a moment ago: let the error show
  sessionStorage.setItem(RELOADED_KEY, String(Date.now()));
  event.preventDefault();
  window.location.reload();
});

prefetchMe();
// React starts once the current page's chunk is there too, so the page renders with the layout
void Promise.all([import('./start.tsx'), preloadRoute(window.location.hash)]).then(([{ start }]) => start(container));
