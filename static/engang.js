// engang.js - the one-time token of a form survives the back button. Pages with personal data
// are never cached (Cache-Control: no-store), so going back to a form after "Gem" loads it again
// with a fresh token, and the browser may fill in what was typed; a second "Gem" would then save
// a copy. The token the page first had is kept in this tab's sessionStorage under the page's
// address; on a back or forward navigation it is put back, and the server answers the second
// submit with what the first one saved (src/app/app.c, claim_once). Only the random token is
// stored, never what was typed. Without JavaScript the server still refuses an identical copy
// sent within ten minutes (refuse_resubmitted).
(function () {
  'use strict';
  var entries = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType('navigation') : [];
  var back = entries.length > 0 && entries[0].type === 'back_forward';
  var fields = document.querySelectorAll('input[name="engang"]');
  for (var i = 0; i < fields.length; i++) {
    var key = 'engang:' + location.pathname + location.search + ':' + i;
    try {
      var kept = sessionStorage.getItem(key);
      if (back && kept) {
        fields[i].value = kept;
      } else {
        sessionStorage.setItem(key, fields[i].value);
      }
    } catch (e) {
      // storage refused (private mode): the server-side check still holds
    }
  }
}());
