// guatu serve: reloads the page after a good rebuild, and shows the problems of a failed one
// over the page (the last good build stays underneath). Added to pages by `guatu serve` only.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me ? Number(me.getAttribute("data-build")) : 0;
  var since = -1;
  var box = null;

  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "guatu-serve-errors";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;top:1rem;left:1rem;right:1rem;max-height:calc(100vh - 2rem);z-index:2147483647;overflow:auto;background:#fff;color:#1a1a1a;" +
        "border:4px solid #b3261e;border-radius:6px;padding:1rem 1.25rem;box-shadow:0 4px 24px rgba(0,0,0,.35);" +
        "font:15px/1.5 system-ui,sans-serif";
      var head = document.createElement("p");
      head.style.cssText = "margin:0 0 .75rem;font-weight:bold;color:#b3261e";
      head.textContent =
        "内容有错误：修正并保存后页面自动刷新。下面仍是上次成功构建的网站。" +
        " / The content has errors: fix and save, and the page reloads. The last good build is still served.";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "关闭 / Close";
      close.style.cssText = "float:right;margin-left:1rem;font:inherit";
      close.onclick = function () { box.style.display = "none"; };
      var pre = document.createElement("pre");
      pre.style.cssText = "margin:0;white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace";
      box.appendChild(close);
      box.appendChild(head);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.lastChild.textContent = text;
    box.style.display = "block";
  }

  function hide() {
    if (box) box.style.display = "none";
  }

  function poll() {
    fetch("/__guatu/state?since=" + since, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.build !== build) {
          location.reload();
          return;
        }
        since = s.version;
        if (s.error) show(s.error); else hide();
        poll();
      }, function () {
        // The server stopped or restarts: try again a little later.
        setTimeout(poll, 1000);
      });
  }

  poll();
})();
