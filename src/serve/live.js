// publish serve: reloads this page after the next good build, where the reader was, and shows the
// errors of a failed build over it until a build succeeds.
(function () {
  "use strict";
  var key = "publish-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var place = JSON.parse(saved);
    var restore = function () {
      window.scrollTo(place.x, place.y);
    };
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore);
  }
  // The build this page comes from, written into the script's element by the server.
  var script = document.currentScript;
  var seen = script ? Number(script.getAttribute("data-generation")) : null;
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElementNS("http://www.w3.org/1999/xhtml", "pre");
      box.setAttribute("id", "publish-errors");
      box.setAttribute("dir", "ltr");
      box.setAttribute(
        "style",
        "position:fixed;inset:0 0 auto 0;max-height:60vh;overflow:auto;margin:0;padding:1em;" +
          "background:#fff3f3;color:#600;border-bottom:3px solid #c00;font:13px/1.5 monospace;" +
          "white-space:pre-wrap;z-index:2147483647;text-align:left"
      );
      (document.body || document.documentElement).appendChild(box);
    }
    box.textContent = "The last build failed; this page shows the build before it.\n\n" + text;
  }
  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }
  var events = new EventSource("/__publish/events");
  events.addEventListener("build", function (message) {
    var build = JSON.parse(message.data);
    if (seen === null) {
      seen = build.generation;
    } else if (build.generation > seen && build.ok) {
      sessionStorage.setItem(key, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
      events.close();
      location.reload();
      return;
    }
    if (build.ok) hide();
    else show(build.errors);
  });
})();
