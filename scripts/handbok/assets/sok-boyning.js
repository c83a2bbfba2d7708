/* handbok: Norwegian inflections in Material's search (appended to lunr.no.min.js at build time).
 *
 * Material turns every typed word into a prefix query ("legemidlene" -> "legemidlene*"), and lunr
 * skips the stemmer for any term with a wildcard. The index holds stems ("legemidler" -> "legemidl"),
 * so an inflected form that is not itself a prefix of the indexed stem found nothing. Here the
 * typed word is stemmed first and the prefix query is made from the stem ("legemidl*"). A stem is
 * always a prefix of its word, so this only ever adds hits; stemming until nothing changes also
 * brings "sykepleieren" and "sykepleier" to the same "sykeplei".
 */
;(function (lunr) {
  if (!lunr || !lunr.Query || !lunr.no || !lunr.no.stemmer) return
  var clause = lunr.Query.prototype.clause
  function stem(word) {
    for (var i = 0; i < 3; i++) {
      var next = lunr.no.stemmer(word)
      if (!next || next === word) break
      word = next
    }
    return word
  }
  lunr.Query.prototype.clause = function (c) {
    if (c && typeof c.term === "string" && /^[^*]{3,}\*$/.test(c.term)) {
      var word = c.term.slice(0, -1)
      var base = stem(word)
      if (base && base.length >= 2) c.term = base + "*"
    }
    return clause.call(this, c)
  }
})(self.lunr)
