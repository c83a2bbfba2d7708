/* handbok: the offline copy of the handbook — a service worker written by `handbok bygg` (postbuild,
 * the offline pass) from the files of this build. Same origin only: it never touches another host.
 *
 * Install fetches the core (styles, scripts, the search engine, the front and search pages); every
 * other page and the search index are fetched afterwards, in the background, when a page asks
 * ("fyll"), a few files at a time, resuming where an interrupted fill stopped. Their list is a file of
 * its own (LISTE), so this worker stays small however large the handbook is. A new build is a new
 * version: a new cache, filled with the unchanged files copied from the old one and the changed ones
 * fetched; the old caches are deleted once the new one is complete.
 *
 * The cache storage is shared by every site on the same host, so two handbooks published under one host
 * (kommune.no/hjemmetjenesten/ and kommune.no/sykehjem/) see each other's caches. This worker's caches
 * carry its scope in their names, and it opens, reads and deletes only those (caches named by a worker
 * before the scope was in the names are left alone: nothing tells whose they are). */
"use strict"

const VERSJON = {{ versjon|tojson }}
const PREFIKS = "handbok " + self.registration.scope + " " // this handbook's caches, whatever else the host holds
const CACHE = PREFIKS + VERSJON
const MANIFEST = "handbok-manifest.json" // written last into a complete cache: {path: hash}
const KJERNE = {{ kjerne|tojson }}
const LISTE = {{ liste|tojson }} // {versjon, filer: [[path, hash], …]}: the files fetched in the background
const SAMTIDIG = 6
const TIDSFRIST_MS = 5000 // weak coverage: a cached page after this long beats waiting for the network
const FRAKOBLET = "Denne siden er ikke lagret for bruk uten nett. Åpne den igjen når du har dekning."

const adresse = path => new URL(path, self.registration.scope).href
const hent = path => fetch(new Request(adresse(path), { cache: "no-cache" }))
let fylling = null

self.addEventListener("install", event => {
  event.waitUntil(caches.open(CACHE)
    .then(cache => Promise.all(KJERNE.map(([path, hash]) => lagre(cache, path, hash, []))))
    .then(() => self.skipWaiting()))
})

self.addEventListener("activate", event => {
  event.waitUntil(self.clients.claim())
})

self.addEventListener("message", event => {
  if (event.data === "fyll") {
    fylling = fylling || fyll().finally(() => { fylling = null })
    event.waitUntil(fylling)
  }
})

// The names of this handbook's older caches (never another handbook's on the same host).
async function eldre () {
  return (await caches.keys()).filter(name => name !== CACHE && name.startsWith(PREFIKS))
}

async function gamleManifester () {
  const found = []
  for (const name of await eldre()) {
    const cache = await caches.open(name)
    const manifest = await cache.match(adresse(MANIFEST))
    if (manifest) found.push({ cache, filer: await manifest.json() })
  }
  return found
}

// One file into the cache: copied from an older complete cache when its hash is unchanged, else fetched.
async function lagre (cache, path, hash, gamle) {
  for (const gammel of gamle) {
    if (gammel.filer[path] === hash) {
      const copy = await gammel.cache.match(adresse(path))
      if (copy) return cache.put(adresse(path), copy)
    }
  }
  const response = await hent(path)
  if (!response.ok) throw new Error(path + ": " + response.status)
  return cache.put(adresse(path), response)
}

// The background files of this version; a list written by another build is refused (the next fill retries).
async function resten () {
  const response = await hent(LISTE)
  const liste = response.ok ? await response.json() : {}
  if (liste.versjon !== VERSJON) throw new Error(LISTE + ": " + (liste.versjon || response.status))
  return liste.filer
}

async function fyll () {
  const cache = await caches.open(CACHE)
  if (await cache.match(adresse(MANIFEST))) return
  const RESTEN = await resten()
  const gamle = await gamleManifester()
  const cached = new Set((await cache.keys()).map(request => request.url))
  const todo = [...KJERNE, ...RESTEN].filter(([path]) => !cached.has(adresse(path)))
  const arbeidere = Array.from({ length: SAMTIDIG }, async () => {
    for (let next = todo.shift(); next; next = todo.shift()) await lagre(cache, next[0], next[1], gamle)
  })
  await Promise.all(arbeidere)
  const filer = Object.fromEntries([...KJERNE, ...RESTEN])
  await cache.put(adresse(MANIFEST), new Response(JSON.stringify(filer), { headers: { "Content-Type": "application/json" } }))
  for (const name of await eldre()) await caches.delete(name)
}

self.addEventListener("fetch", event => {
  const request = event.request
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return
  event.respondWith(request.mode === "navigate" ? side(event) : fil(request))
})

// This version's copy first, an older one of this handbook while this one fills.
async function lagret (request) {
  for (const name of [CACHE, ...await eldre()]) {
    const found = await (await caches.open(name)).match(request, { ignoreSearch: true })
    if (found) return found
  }
}

async function fil (request) {
  return (await lagret(request)) || fetch(request)
}

// A page: the network when it answers (the newest text); without an answer (no coverage, or none within
// TIDSFRIST_MS) the stored copy, and the page is told it is reading a copy.
async function side (event) {
  const network = fetch(event.request).then(response => response, () => null)
  const late = new Promise(resolve => setTimeout(() => resolve("sen"), TIDSFRIST_MS))
  const first = await Promise.race([network, late])
  if (first && first !== "sen") return first
  const copy = await lagret(event.request)
  if (copy) {
    event.waitUntil(fortell(event.resultingClientId))
    return copy
  }
  return (await network) || new Response(FRAKOBLET, {
    status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
  })
}

async function fortell (clientId) {
  for (let tries = 0; tries < 20; tries++) {
    const client = clientId && await self.clients.get(clientId)
    if (client) return client.postMessage("frakoblet")
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
