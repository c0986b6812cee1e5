// Plenary dev server: reload the page after each rebuild that changed files, keeping the scroll
// position, and show the build's problems (file:line: message) in an overlay until they are fixed.
(() => {
  "use strict";
  const scrollKey = "plenary-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const [x, y] = saved.split(",").map(Number);
    const restore = () => window.scrollTo(x, y);
    // Once the document is parsed, and again once images and fonts have settled the layout.
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", restore, { once: true });
    else restore();
    if (document.readyState !== "complete") window.addEventListener("load", restore, { once: true });
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
        boxShadow: "0 8px 30px rgba(0,0,0,.4)", whiteSpace: "pre-wrap", textAlign: "left",
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

  function whenReady(action) {
    if (document.body) action();
    else document.addEventListener("DOMContentLoaded", action, { once: true });
  }

  // The build this page was served from (a Server-Timing entry), so that a build finishing between
  // the page's download and the event stream's hello still reloads it.
  const navigation = performance.getEntriesByType("navigation")[0];
  const served = navigation && (navigation.serverTiming || []).find((entry) => entry.name === "plenary-build");
  let version = served ? Number(served.description) : null;
  let reloading = false;
  const events = new EventSource("/__plenary/events");
  events.addEventListener("hello", (event) => {
    // Sent on every (re)connection: a version other than the one this page saw means a build
    // finished while the connection was down.
    const state = JSON.parse(event.data);
    if (version !== null && state.version !== version) {
      reload();
      return;
    }
    version = state.version;
    whenReady(() => showProblems(state.problems));
  });
  events.addEventListener("build", (event) => {
    const state = JSON.parse(event.data);
    if (state.version === version) return;
    version = state.version;
    if (state.reload) reload();
    else whenReady(() => showProblems(state.problems));
  });

  function reload() {
    if (reloading) return;
    reloading = true;
    sessionStorage.setItem(scrollKey, `${window.scrollX},${window.scrollY}`);
    events.close();
    location.reload();
  }
})();
