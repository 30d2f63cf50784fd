// publish serve: reloads this page after the next good build, where the reader was; shows the errors
// of a failed build over it until a build succeeds, and the warnings of a good one in a bar below.
(function () {
  "use strict";
  var XHTML = "http://www.w3.org/1999/xhtml";
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
  // A document of the book gets the margins a reading system gives its pages.
  if (location.pathname.indexOf("/book/") === 0) {
    var margins = document.createElementNS(XHTML, "style");
    margins.textContent = "body{max-width:42em;margin:1.5em auto;padding:0 1.5em}";
    (document.head || document.documentElement).appendChild(margins);
  }
  // The build this page comes from, written into the script's element by the server.
  var script = document.currentScript;
  var seen = script ? Number(script.getAttribute("data-generation")) : null;
  var boxes = {};
  function box(id, style) {
    if (!boxes[id]) {
      var outer = document.createElementNS(XHTML, "div");
      outer.setAttribute("dir", "ltr");
      outer.setAttribute(
        "style",
        "position:fixed;left:0;right:0;" + style + ";max-height:50vh;overflow:auto;margin:0;" +
          "padding:.6em 2.5em .6em 1em;font:13px/1.5 monospace;white-space:pre-wrap;" +
          "z-index:2147483647;text-align:left"
      );
      var close = document.createElementNS(XHTML, "button");
      close.textContent = "×";
      close.setAttribute("title", "Hide");
      close.setAttribute(
        "style",
        "position:absolute;top:.3em;right:.5em;border:0;background:none;font:20px sans-serif;cursor:pointer"
      );
      close.addEventListener("click", function () {
        outer.style.display = "none";
      });
      var text = document.createElementNS(XHTML, "pre");
      text.setAttribute("id", "publish-" + id);
      text.setAttribute(
        "style",
        "margin:0;padding:0;border:0;background:none;color:inherit;font:inherit;white-space:inherit"
      );
      outer.appendChild(close);
      outer.appendChild(text);
      (document.body || document.documentElement).appendChild(outer);
      boxes[id] = { outer: outer, text: text };
    }
    boxes[id].outer.style.display = "";
    return boxes[id].text;
  }
  function hide(id) {
    if (boxes[id]) {
      boxes[id].outer.remove();
      delete boxes[id];
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
    if (build.ok) {
      hide("errors");
    } else {
      var before = seen > 0 ? "this page shows the last good build." : "no build has succeeded yet.";
      box("errors", "top:0;background:#fff3f3;color:#600;border-bottom:3px solid #c00").textContent =
        "The last build failed; " + before + "\n\n" + build.errors;
    }
    if (build.ok && build.warnings) {
      box("warnings", "bottom:0;background:#fffbe6;color:#543;border-top:2px solid #d9a400").textContent =
        build.warnings;
    } else if (build.ok) {
      hide("warnings");
    }
  });
})();
