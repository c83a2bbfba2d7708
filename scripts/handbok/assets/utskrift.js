/* handbok: a printed routine says when it was printed and where the version in force is:
 * «Utskrevet 20.06.2026 — gjeldende versjon finnes på https://…/rutiner/fallforebygging/».
 * Written when the page opens and again just before printing (a tab left open for days), when the
 * facts box is opened too. */
(function () {
  "use strict"

  function twoDigits(n) { return (n < 10 ? "0" : "") + n }

  function stamp() {
    var now = new Date()
    var iso = now.getFullYear() + "-" + twoDigits(now.getMonth() + 1) + "-" + twoDigits(now.getDate())
    document.querySelectorAll("[data-handbok-utskrevet]").forEach(function (time) {
      time.setAttribute("datetime", iso)
      time.textContent = twoDigits(now.getDate()) + "." + twoDigits(now.getMonth() + 1) + "." + now.getFullYear()
    })
    document.querySelectorAll("[data-handbok-adresse]").forEach(function (span) {
      span.textContent = location.origin + location.pathname
    })
  }

  // Paper shows a document's facts box open, however the screen had it (handbok.css does too, for
  // browsers that print without this event).
  function unfold() {
    document.querySelectorAll("details[data-handbok-fakta]").forEach(function (box) { box.open = true })
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", stamp)
  else stamp()
  window.addEventListener("beforeprint", function () { stamp(); unfold() })
})()
