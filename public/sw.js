// AlignScope's service worker: the app starts without a network once it has been opened (issue 12). It keeps the
// app shell only — the page and its hashed build files (assets/) — in its own cache; model files are already kept by
// the app in Cache Storage (web/model/cache.ts) and are left to it: this worker never answers for /models/.
// Navigation is network first (a new build is picked up at once), the cached page when offline; assets/ are
// immutable (content-hashed names), so cache first. Nothing is ever sent anywhere: GET requests to this origin only.
const CACHE = 'alignscope-shell-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('alignscope-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put('/', response.clone());
    return response;
  } catch (e) {
    const cached = await cache.match('/');
    if (cached) return cached;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(networkFirst(request));
  else if (url.pathname.startsWith('/assets/') || ['/favicon.svg', '/manifest.webmanifest'].includes(url.pathname))
    event.respondWith(cacheFirst(request));
});
