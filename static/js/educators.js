// Paragraph links, moved-paragraph landing and "add the selected words" for reading pages.
// The page works without this file: the notice links and the paragraph menu stay.
// It runs on load and again after htmx swaps in another section.
(() => {
  "use strict";

  function setUp() {
    const data = document.getElementById("passage-hashes");
    if (!data) return;
    const info = JSON.parse(data.textContent);
    addParagraphLinks(info);
    versionPermalinks(info);
    followMovedParagraph();
  }

  // A "¶ n" link on each paragraph, to its section's page with its number, its words' hash
  // and the section's version.
  function addParagraphLinks(info) {
    for (const section of info.sections) {
      for (const [number, hash] of Object.entries(section.p)) {
        const id = `${section.anchor}-p${number}`;
        const para = document.getElementById(id);
        if (!para || para.querySelector(".para-link")) continue;
        const link = document.createElement("a");
        link.className = "para-link";
        link.href = `${section.url}?p=${number}&h=${hash}&v=${section.v}#${id}`;
        link.textContent = `¶ ${number}`;
        link.setAttribute("aria-label", `Link to paragraph ${number}`);
        para.append(" ", link);
      }
    }
  }

  // The page's permalink carries the version it was made from, to tell later what changed.
  function versionPermalinks(info) {
    if (info.sections.length !== 1) return;
    for (const el of document.querySelectorAll(".copy-line .permalink-text, .copy-line .copy")) {
      const url = new URL(el.getAttribute("href") || el.dataset.copy, location.href);
      url.searchParams.set("v", info.sections[0].v);
      if (el.hasAttribute("href")) el.href = url.href;
      else el.dataset.copy = url.href;
    }
  }

  // A link to a paragraph that moved lands on it: here by scrolling, elsewhere by replacing.
  function followMovedParagraph() {
    const moved = document.querySelector("[data-passage-target]");
    if (!moved) return;
    const target = new URL(moved.dataset.passageTarget, location.href);
    if (target.pathname === location.pathname) {
      const el = document.getElementById(target.hash.slice(1));
      if (!el) return;
      history.replaceState(null, "", target.href);
      el.classList.add("passage-target");
      el.scrollIntoView({ block: "center" });
    } else if (moved.classList.contains("passage-moved")) {
      location.replace(target.href);
    }
  }

  // Selected words in one paragraph become the passage to add (footnote markers left out).
  document.addEventListener("selectionchange", () => {
    const quote = document.querySelector("[data-selection-quote]");
    const menu = document.querySelector("[data-selection-paragraph]");
    const hint = document.querySelector("[data-selection-hint]");
    const sel = document.getSelection();
    if (!quote || !menu || !sel || sel.isCollapsed || !sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    const para = (n) => (n.nodeType === 1 ? n : n.parentElement)?.closest("[data-p]");
    const start = para(range.startContainer);
    if (!start || start !== para(range.endContainer)) return;
    const copy = range.cloneContents();
    copy.querySelectorAll(".fn-ref, .para-link").forEach((n) => n.remove());
    const words = copy.textContent.replace(/\s+/g, " ").trim();
    if (!words) return;
    quote.value = words;
    menu.value = start.dataset.p;
    hint.hidden = false;
    const shown = words.length > 120 ? `${words.slice(0, 120)}…` : words;
    hint.textContent = `Selected in ¶ ${start.dataset.p}: “${shown}”`;
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  document.addEventListener("htmx:afterSettle", setUp);
})();
