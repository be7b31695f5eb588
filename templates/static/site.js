// Enhancements only: every page reads and works without JavaScript.
// On comparison pages: n / p (or j / k) and two buttons move between changes; the view links keep the
// reader's place (the change in view) when switching between inline, side by side and substantive only.
(function () {
  "use strict";
  var changes = Array.prototype.slice.call(document.querySelectorAll(".change[id]"));
  if (!changes.length) return;

  function currentIndex() {
    var index = -1;
    for (var i = 0; i < changes.length; i++) {
      if (changes[i].getBoundingClientRect().top <= 80) index = i; else break;
    }
    return index;
  }

  function go(step) {
    var here = currentIndex();
    var target = changes[Math.min(Math.max(here + step, 0), changes.length - 1)];
    if (step < 0 && here === -1) target = changes[0];
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, "", "#" + target.id);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName))) return;
    if (event.key === "n" || event.key === "j") { go(1); event.preventDefault(); }
    else if (event.key === "p" || event.key === "k") { go(-1); event.preventDefault(); }
  });

  var keys = document.querySelector(".js-only");
  if (keys) {
    keys.hidden = false;
    keys.querySelector(".next-change").addEventListener("click", function () { go(1); });
    keys.querySelector(".prev-change").addEventListener("click", function () { go(-1); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("a[data-keep-place]"), function (link) {
    link.addEventListener("click", function () {
      var here = changes[currentIndex()] || (location.hash && document.getElementById(location.hash.slice(1)));
      if (here && here.id) link.href = link.href.split("#")[0] + "#" + here.id;
    });
  });
})();
