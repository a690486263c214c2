/**
 * The till's service worker (built as dist/pos-sw.js, served as /web/pos/sw.js: scope /web/pos/;
 * registered by offline/index.ts): keeps the till's page, bundle, styles and manifest in a cache so that the till
 * loads without the network. Network first — a till online always gets the current app — and the
 * cache when the network fails. API calls are not touched: the page itself knows when it is offline
 * and then reads the catalog and queues sales in IndexedDB (docs/web.md, "Offline till").
 */
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
}

const scope = self as unknown as WorkerScope;
const cacheName = 'comptoir-pos-v1';
/** The till's shell: what the page needs to start. */
const shell = [
  '/web/pos/',
  '/web/dist/pos.js',
  '/web/styles.css',
  '/web/favicon.svg',
  '/web/pos/manifest.webmanifest',
];
const isShell = (url: URL) =>
  url.origin === location.origin &&
  (url.pathname.startsWith('/web/pos/') ||
    url.pathname === '/web/dist/pos.js' ||
    url.pathname === '/web/styles.css' ||
    url.pathname === '/web/favicon.svg');

scope.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(shell))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k))))
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || !isShell(url)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(cacheName);
      try {
        const fresh = await fetch(event.request);
        if (fresh.ok) await cache.put(event.request, fresh.clone());
        return fresh;
      } catch (error) {
        const cached = await cache.match(event.request, { ignoreSearch: true });
        if (cached) return cached;
        throw error;
      }
    })(),
  );
});
