/* handbok: the offline copy. Registers the service worker (sw.js at the site's root, written by
 * `handbok bygg`), asks it to fetch the rest of the handbook in the background, and tells the reader
 * without network how old the copy is: «Du er uten nett. Dette er håndboka slik den var DATO.»
 * An external file, not an inline script: the Content-Security-Policy allows only the site's own. */
(function () {
  "use strict"
  var script = document.currentScript
  if (!script || !("serviceWorker" in navigator)) return
  var root = new URL("../../", script.src) // this file is assets/handbok/frakoblet.js
  var shown = null

  function banner(text) {
    if (!shown) {
      shown = document.createElement("p")
      shown.className = "handbok-frakoblet"
      shown.setAttribute("role", "status")
      document.body.insertBefore(shown, document.body.firstChild)
    }
    shown.textContent = text
  }

  function offline() {
    fetch(new URL("utgave.json", root).href)
      .then(function (response) { return response.json() })
      .then(function (utgave) { banner("Du er uten nett. Dette er håndboka slik den var " + utgave.tekst + ".") })
      .catch(function () { banner("Du er uten nett. Dette er en lagret kopi av håndboka.") })
  }

  function online() {
    if (shown) shown.remove()
    shown = null
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data === "frakoblet") offline()
  })
  window.addEventListener("offline", offline)
  window.addEventListener("online", online)
  if (!navigator.onLine) offline()
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
    .then(function () { return navigator.serviceWorker.ready })
    .then(function (registration) { if (registration.active) registration.active.postMessage("fyll") })
    .catch(function () { /* no sw.js (mkdocs serve) or no storage: the site still works online */ })
})()
