/* Plenary: progressive enhancements only. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function paragraphUrl(anchor) {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : location.origin + location.pathname;
    return base.split("#")[0] + "#" + anchor;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "vh";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function announce(message) {
    var status = document.querySelector(".cite-status");
    if (status) { status.textContent = message; }
  }

  function cite(button) {
    var anchor = button.getAttribute("data-anchor");
    var text = button.getAttribute("data-cite") + ", " + paragraphUrl(anchor);
    var label = button.firstChild;
    copyText(text).then(function () {
      button.setAttribute("data-copied", "");
      label.nodeValue = "Copied";
      announce("Copied: " + text);
      setTimeout(function () {
        button.removeAttribute("data-copied");
        label.nodeValue = "Cite";
      }, 2000);
    }, function () {
      announce("Could not copy. The citation is: " + text);
      window.prompt("Copy this citation:", text);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.cite") : null;
    if (button) { cite(button); }
  });
})();
