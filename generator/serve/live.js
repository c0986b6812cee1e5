// Plenary dev server: reload the page after each rebuild, keeping the scroll position,
// and show the build's problems (file:line: message) in an overlay until they are fixed.
(() => {
  "use strict";
  const scrollKey = "plenary-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const restore = () => window.scrollTo(0, Number(saved));
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", restore);
    else restore();
  }

  function showProblems(problems) {
    let overlay = document.getElementById("plenary-problems");
    if (!problems.length) {
      if (overlay) overlay.remove();
      return;
    }
    if (!overlay) {
      overlay = document.createElement("aside");
      overlay.id = "plenary-problems";
      overlay.setAttribute("role", "alert");
      Object.assign(overlay.style, {
        position: "fixed", left: "1rem", right: "1rem", bottom: "1rem", zIndex: "2147483647",
        maxHeight: "50vh", overflow: "auto", padding: "1rem 1.25rem", borderRadius: "6px",
        background: "#2b0b0b", color: "#ffecec", font: "14px/1.5 ui-monospace, Menlo, Consolas, monospace",
        boxShadow: "0 8px 30px rgba(0,0,0,.4)", whiteSpace: "pre-wrap",
      });
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    const title = document.createElement("strong");
    title.textContent = "The last rebuild had problems; the site shows the last good version:";
    overlay.appendChild(title);
    for (const problem of problems) {
      const line = document.createElement("div");
      line.className = "plenary-problem";
      line.textContent = problem;
      overlay.appendChild(line);
    }
  }

  let version = null;
  const events = new EventSource("/__plenary/events");
  events.addEventListener("hello", (event) => {
    const state = JSON.parse(event.data);
    if (version !== null && state.version !== version) {
      reload();
      return;
    }
    version = state.version;
    const show = () => showProblems(state.problems);
    if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
  });
  events.addEventListener("build", (event) => {
    const state = JSON.parse(event.data);
    if (state.version !== version) reload();
  });

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    events.close();
    location.reload();
  }
})();
