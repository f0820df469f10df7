// Lectern: the few things HTML and htmx cannot do. Every page works without this file;
// each part below only adds to links and forms that already work.
(() => {
  "use strict";
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const narrow = (rem = 64) => matchMedia(`(max-width: ${rem - 0.01}rem)`).matches;

  // "/" focuses the search box, as on many reading and code sites.
  document.addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    const box = $("[data-search-primary]") || $("[data-slash-focus]");
    if (!box) return;
    e.preventDefault();
    box.focus();
    box.select();
  });

  // Copy buttons: data-copy holds the text, data-copy-from names the element holding it.
  async function copyText(text, button) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = Object.assign(document.createElement("textarea"), { value: text });
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    if (button) {
      const label = button.dataset.label || button.textContent;
      button.dataset.label = label;
      button.textContent = "Copied";
      setTimeout(() => (button.textContent = label), 1600);
    }
  }
  document.addEventListener("click", (e) => {
    const button = e.target.closest("[data-copy], [data-copy-from]");
    if (!button) return;
    const from = button.dataset.copyFrom && document.getElementById(button.dataset.copyFrom);
    copyText(from ? from.textContent.trim() : button.dataset.copy, button);
  });

  // Footnote markers open their note in place, in one shared popover (Esc closes it natively).
  let opener = null;
  document.addEventListener("click", (e) => {
    const popover = $("#note-popover");
    if (e.target.closest(".popover-link")) return popover.hidePopover();
    const marker = e.target.closest(".fn-ref a");
    if (!marker || !popover || !popover.showPopover) return;
    const note = document.getElementById("fn-" + marker.dataset.note);
    if (!note) return; // not on this page: follow the link
    if (!$(".note-text", note)) {
      // A long document's notes come as stubs (portal/reader.py): fetch this one's, then open.
      const stub = note.closest(".notes-stub");
      if (!stub || !window.htmx) return; // follow the link to the stub and its link
      e.preventDefault();
      fill(stub).then(() => openNote(marker) || (location.href = marker.href));
      return;
    }
    e.preventDefault();
    openNote(marker);
  });
  function openNote(marker) {
    const popover = $("#note-popover");
    const note = document.getElementById("fn-" + marker.dataset.note);
    if (!note || !$(".note-text", note)) return false;
    opener = marker;
    $("#note-popover-title").textContent = "Note " + marker.dataset.note;
    // The notes list is this page's own server-rendered, escaped HTML.
    $(".popover-body", popover).innerHTML = $(".note-text", note).innerHTML;
    $(".popover-link", popover).href = "#" + note.id;
    if (popover.matches(":popover-open")) popover.hidePopover();
    popover.showPopover();
    place(popover, marker);
    popover.focus({ preventScroll: true });
    return true;
  }
  // A long document's notes come as stubs: each keeps its notes' anchors (#fn-12), so a link
  // lands on the stub, but its notes arrive later. A stub is fetched when htmx sees it
  // revealed, or here at once when the reader asks for one of its notes; htmx queues a
  // second request for the same stub, and drops it once the stub is replaced.
  const filling = new WeakMap();
  function fill(stub) {
    if (!filling.has(stub)) {
      stub.setAttribute("data-hx-revealed", "true"); // htmx's scroll check need not ask again
      const url = stub.getAttribute("hx-get");
      filling.set(stub, htmx.ajax("GET", url, { source: stub, target: stub, swap: "outerHTML" }));
    }
    return filling.get(stub);
  }
  // A stub that failed (a network error, a 5xx) is asked again twice, when seen or at once
  // if the reader is landing in it; then it stays a stub, whose link leads to its notes.
  const tries = new WeakMap();
  const failed = (e) => {
    const stub = e.detail.elt;
    if (!stub.matches || !stub.matches(".notes-stub")) return;
    const n = (tries.get(stub) || 0) + 1;
    tries.set(stub, n);
    if (n > 2) return;
    filling.delete(stub);
    stub.removeAttribute("data-hx-revealed");
    if (landing && stub.contains(document.getElementById(landing))) {
      setTimeout(() => stub.isConnected && fill(stub), 400 * n);
    }
  };
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);

  // Landing on a note (page load, a link, Back/Forward): the browser jumps to its anchor in
  // the stub, and cannot know the note's text is coming. So fetch that stub, and scroll to
  // the note after its swap and after each neighbouring stub's swap (one above moves it),
  // until the stubs in flight are in or the reader scrolls.
  let landing = null;
  function hashId() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch {
      return ""; // a malformed #%: no note to land on
    }
  }
  function noteInStub() {
    const id = hashId();
    const anchor = id && document.getElementById(id);
    const stub = anchor && anchor.closest(".notes-stub");
    return stub ? { id, stub } : null;
  }
  function land() {
    const id = hashId();
    const target = id && document.getElementById(id);
    landing = target && window.htmx && target.closest(".notes") ? id : null;
    if (!landing) return;
    const stub = target.closest(".notes-stub");
    if (stub) fill(stub);
    else requestAnimationFrame(() => backToNote(target));
  }
  // Back/Forward to a note restores the scroll position its entry left, which notes fetched
  // since may have moved: a note out of view after that is landed on.
  function backToNote(note) {
    const r = note.getBoundingClientRect();
    if (r.bottom <= 0 || r.top >= innerHeight) note.scrollIntoView({ block: "start" });
  }
  // A reload or Back/Forward into the page restores the scroll position it left, and keeps
  // trying while the page grows, past the landing too: while landing, the scroll is ours.
  // (This runs before htmx, a deferred script after this one.)
  const nav = performance.getEntriesByType("navigation")[0];
  if (nav && nav.type !== "navigate" && noteInStub()) history.scrollRestoration = "manual";
  const landed = () => {
    landing = null;
    history.scrollRestoration = "auto";
  };
  document.addEventListener("htmx:afterSettle", () => {
    const note = landing && document.getElementById(landing);
    if (!note || !$(".note-text", note)) return;
    note.scrollIntoView({ block: "start" });
    if (!$(".notes-stub.htmx-request")) landed(); // htmx's class while a request runs
  });
  for (const type of ["wheel", "touchstart", "keydown", "mousedown"]) {
    addEventListener(type, () => landing && landed(), { passive: true });
  }
  addEventListener("hashchange", land);
  // After htmx has processed the page (its own "htmx:load" on <body>), so its queue sees ours.
  document.addEventListener("htmx:load", (e) => e.target === document.body && land());
  document.addEventListener(
    "beforetoggle",
    (e) => {
      const popover = e.target;
      if (popover.id !== "note-popover" || e.newState !== "closed") return;
      // Give focus back to the marker only if it was in the note (not after a click elsewhere).
      if (opener && popover.contains(document.activeElement)) {
        const back = opener;
        requestAnimationFrame(() => back.focus({ preventScroll: true }));
      }
      opener = null;
    },
    true,
  );
  function place(popover, marker) {
    const r = marker.getBoundingClientRect();
    const width = popover.offsetWidth;
    const height = popover.offsetHeight;
    const maxLeft = document.documentElement.clientWidth - width - 8;
    const left = Math.max(8, Math.min(r.left + r.width / 2 - width / 2, maxLeft));
    let top = r.bottom + 8;
    if (top + height > innerHeight - 8 && r.top - height - 8 > 8) top = r.top - height - 8;
    popover.style.left = left + scrollX + "px";
    popover.style.top = top + scrollY + "px";
  }

  // Search terms marked by the server: next/previous, and open at the first match.
  function stepMatch(step) {
    const hits = $$("mark.hit");
    if (!hits.length) return;
    const now = hits.findIndex((h) => h.classList.contains("current"));
    const next = now < 0 ? 0 : (now + step + hits.length) % hits.length;
    hits.forEach((h) => h.classList.remove("current"));
    hits[next].classList.add("current");
    hits[next].scrollIntoView({ block: "center" });
    const status = $("[data-match-status]");
    if (status) status.textContent = `Match ${next + 1} of ${hits.length}`;
  }
  document.addEventListener("click", (e) => {
    const control = e.target.closest("[data-match-step]");
    if (!control) return;
    e.preventDefault();
    stepMatch(Number(control.dataset.matchStep));
  });
  // n / N (Shift+n) step through the matches, as in a pager; in the find box, Enter and
  // Shift+Enter do the same while its words are the ones already marked.
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || !$("mark.hit")) return;
    const box = e.target.closest && e.target.closest("#doc-q");
    if (box && e.key === "Enter" && box.value.trim() === (box.defaultValue || "").trim()) {
      e.preventDefault();
      stepMatch(e.shiftKey ? -1 : 1);
    } else if (!e.target.closest("input, textarea, select, [contenteditable]") && (e.key === "n" || e.key === "N")) {
      e.preventDefault();
      stepMatch(e.key === "N" ? -1 : 1);
    }
  });

  // How many matches each section holds, beside its entry in the table of contents.
  function countMatchesInToc() {
    const toc = $(".toc");
    if (!toc || !$("mark.hit")) return;
    $$("a[href^='#']", toc).forEach((a) => {
      const section = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      const count = section ? $$("mark.hit[id]", section).length : 0;
      if (!count || $(".toc-hits", a)) return;
      const badge = document.createElement("span");
      badge.className = "toc-hits";
      badge.textContent = count;
      badge.setAttribute("aria-label", `${count} match${count === 1 ? "" : "es"}`);
      a.append(" ", badge);
    });
  }

  // The table of contents follows the scroll: the current section is the last one
  // whose top has passed the upper third of the window.
  function followToc() {
    const toc = $(".toc");
    if (!toc) return;
    const links = new Map($$("a[href^='#']", toc).map((a) => [decodeURIComponent(a.hash.slice(1)), a]));
    const targets = $$("section.text-section, #notes-heading").filter((el) => links.has(el.id));
    let pending = false;
    const update = () => {
      pending = false;
      const line = innerHeight / 3;
      let current = targets[0];
      for (const el of targets) {
        if (el.getBoundingClientRect().top > line) break;
        current = el;
      }
      const link = current && links.get(current.id);
      if (!link || link.hasAttribute("aria-current")) return;
      links.forEach((a) => a.removeAttribute("aria-current"));
      link.setAttribute("aria-current", "location");
      if (toc.scrollHeight > toc.clientHeight) toc.scrollTop = link.offsetTop - toc.clientHeight / 2;
    };
    addEventListener("scroll", () => pending || ((pending = true), requestAnimationFrame(update)), {
      passive: true,
    });
    update();
    const details = $("[data-toc]");
    if (details && narrow()) details.open = false;
  }

  // Text fragments (#:~:text=): Chromium highlights them natively, but not every browser
  // does, and the page cannot see whether it did, so mark the passage ourselves too.
  function fragmentText() {
    const nav = performance.getEntriesByType("navigation")[0];
    for (const url of [location.href, nav && nav.name]) {
      const i = url ? url.indexOf(":~:") : -1;
      if (i < 0) continue;
      const m = /(?:^|&)text=([^&]*)/.exec(url.slice(i + 3));
      if (!m) continue;
      const parts = m[1].split(",").map((p) => decodeURIComponent(p));
      const core = parts.filter((p) => !p.endsWith("-") && !p.startsWith("-"));
      if (core.length) return core;
    }
    return null;
  }
  function textIndex(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) =>
        n.parentElement.closest(".fn-ref, .anchor, .section-tools")
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    });
    let flat = "";
    const map = [];
    let space = true;
    for (let node; (node = walker.nextNode()); ) {
      const s = node.data;
      for (let i = 0; i < s.length; i++) {
        let c = s[i];
        if (/\s/.test(c)) {
          if (space) continue;
          c = " ";
          space = true;
        } else space = false;
        flat += c.toLowerCase();
        map.push([node, i]);
      }
    }
    return { flat, map };
  }
  const squash = (s) => s.replace(/\s+/g, " ").trim().toLowerCase();
  function markPassage() {
    const spec = fragmentText();
    const root = $("[data-reading]");
    if (!spec || !root) return;
    const { flat, map } = textIndex(root);
    const start = flat.indexOf(squash(spec[0]));
    if (start < 0) return;
    let end = start + squash(spec[0]).length;
    if (spec[1]) {
      const at = flat.indexOf(squash(spec[1]), end);
      if (at >= 0) end = at + squash(spec[1]).length;
    }
    // One <mark> per text node the passage touches; last first, so offsets stay valid.
    const pieces = new Map();
    for (let i = start; i < end; i++) {
      const [node, offset] = map[i];
      const piece = pieces.get(node) || { from: offset, to: offset };
      piece.to = offset + 1;
      pieces.set(node, piece);
    }
    const marks = [...pieces].reverse().map(([node, { from, to }]) => {
      const range = document.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      const mark = Object.assign(document.createElement("mark"), { className: "passage" });
      range.surroundContents(mark);
      return mark;
    });
    marks.at(-1).scrollIntoView({ block: "center" });
  }

  // Selecting text in a reading page offers a link to that passage.
  function passageLinks() {
    const root = $("[data-reading]");
    if (!root) return;
    const button = Object.assign(document.createElement("button"), {
      type: "button",
      className: "passage-button",
      textContent: "Copy link to this passage",
      hidden: true,
    });
    document.body.append(button);
    button.addEventListener("mousedown", (e) => e.preventDefault()); // keep the selection
    button.addEventListener("click", () => {
      const sel = getSelection();
      if (sel.rangeCount) copyText(passageUrl(sel.getRangeAt(0)), button);
    });
    let timer;
    document.addEventListener("selectionchange", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const sel = getSelection();
        const range = sel.rangeCount && sel.getRangeAt(0);
        const ok = range && !range.collapsed && root.contains(range.commonAncestorContainer);
        button.hidden = !(ok && sel.toString().trim().length > 2);
        if (button.hidden) return;
        const r = range.getBoundingClientRect();
        button.style.top = r.bottom + scrollY + 8 + "px";
        button.style.left = Math.max(8, r.left + scrollX) + "px";
      }, 120);
    });
  }
  function passageUrl(range) {
    const copy = range.cloneContents();
    $$(".fn-ref, .anchor", copy).forEach((n) => n.remove());
    const words = copy.textContent.replace(/\s+/g, " ").trim().split(" ");
    const enc = (s) => encodeURIComponent(s).replace(/-/g, "%2D");
    const spec =
      words.length <= 8
        ? enc(words.join(" "))
        : enc(words.slice(0, 4).join(" ")) + "," + enc(words.slice(-4).join(" "));
    // Prefer the section's own page, the link meant for sharing.
    const node = range.startContainer;
    const section = (node.nodeType === 1 ? node : node.parentElement).closest("section.text-section");
    const permalink = section && $(".permalink", section);
    const path = permalink ? new URL(permalink.href).pathname : location.pathname;
    return location.origin + path + "#:~:text=" + spec;
  }

  // While the reader types, the server matches the last word as a prefix ("geno" finds
  // genocide). The first request of a run of typing pushes a history entry, the next
  // ones replace it ("more"), so Back leads to the page before the run, not a half-word.
  // A run ends when the reader pauses (TYPING_RUN_MS), leaves the box or submits.
  const TYPING_RUN_MS = 2000;
  let typingRun = null;
  const endTypingRun = () => {
    clearTimeout(typingRun);
    typingRun = null;
  };
  document.addEventListener("htmx:configRequest", (e) => {
    const ev = e.detail.triggeringEvent;
    const typed = ev && ev.type === "input" && ev.target.matches && ev.target.matches("[data-search-primary]");
    if (!typed) return endTypingRun();
    e.detail.headers["X-Lectern-Typing"] = typingRun ? "more" : "first";
    clearTimeout(typingRun);
    typingRun = setTimeout(endTypingRun, TYPING_RUN_MS);
  });
  document.addEventListener("focusout", (e) => e.target.matches && e.target.matches("[data-search-primary]") && endTypingRun());

  // A history snapshot keeps the search box's served value; the URL says what was searched.
  document.addEventListener("htmx:historyRestore", () => {
    const box = $("#q");
    if (box) box.value = new URLSearchParams(location.search).get("q") || "";
  });

  // Facets fold away on a phone; a swap re-renders them, so remember the reader's choice.
  let refineOpen = null;
  document.addEventListener(
    "toggle",
    (e) => e.target.matches && e.target.matches("details.refine") && (refineOpen = e.target.open),
    true,
  );

  function enhance(root) {
    $$("button.copy[hidden]", root).forEach((b) => (b.hidden = false));
    $$("details.refine", root).forEach((d) => (d.open = refineOpen ?? !narrow(50)));
    if ($("mark.hit", root) && !$("mark.hit.current") && !location.hash) stepMatch(1);
  }

  document.addEventListener("htmx:load", (e) => enhance(e.target));
  const start = () => {
    enhance(document.body);
    countMatchesInToc();
    followToc();
    markPassage();
    passageLinks();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
