// The site's small behaviours: dark mode, the phone menu and the search box.
(() => {
  const root = document.documentElement;
  const base = root.dataset.base || "/";

  const themeButton = document.querySelector(".theme-button");
  themeButton?.addEventListener("click", () => {
    const dark = root.dataset.theme
      ? root.dataset.theme === "dark"
      : matchMedia("(prefers-color-scheme: dark)").matches;
    root.dataset.theme = dark ? "light" : "dark";
    try {
      localStorage.setItem("theme", root.dataset.theme);
    } catch {
      // Private windows may refuse storage; the choice then lasts for this page only.
    }
  });

  const menuButton = document.querySelector(".menu-button");
  menuButton?.addEventListener("click", () => {
    const open = document.body.classList.toggle("menu-open");
    menuButton.setAttribute("aria-expanded", String(open));
  });

  if (globalThis.PagefindUI && document.querySelector("#search")) {
    new globalThis.PagefindUI({
      element: "#search",
      baseUrl: base,
      bundlePath: `${base}pagefind/`,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      translations: { placeholder: "Search" },
    });
    // Pagefind's box has only a placeholder; give it a name for screen readers.
    document.querySelector("#search input")?.setAttribute("aria-label", "Search the book");
  }

  // The audit's filters: all claims, the disagreements, or one question. Without script
  // every claim shows and the buttons stay hidden.
  const filters = document.querySelector("[data-filters]");
  if (filters) {
    filters.hidden = false;
    const status = document.querySelector(".filter-status");
    const apply = (filter) => {
      let shown = 0;
      for (const button of filters.querySelectorAll("button")) {
        button.setAttribute("aria-pressed", String(button.dataset.filter === filter));
      }
      for (const section of document.querySelectorAll("section.question")) {
        const question = section.dataset.question;
        let visible = 0;
        const rowsShown = new Set();
        for (const item of section.querySelectorAll("[data-claim]")) {
          const show = filter === "all" ||
            (filter === "disagrees"
              ? item.dataset.verdict !== "agrees"
              : filter.startsWith("kind:")
              ? item.dataset.verdict !== "agrees" &&
                (item.dataset.kind || "error") === filter.slice(5)
              : filter === `q:${question}`);
          if (show) visible++;
          // A cell of a table is shown or hidden with its row.
          if (item.tagName === "TD") {
            if (show) rowsShown.add(item.parentElement);
          } else item.hidden = !show;
        }
        for (const row of section.querySelectorAll("table.cells tbody tr")) {
          row.hidden = !rowsShown.has(row);
        }
        for (const scroll of section.querySelectorAll(".table-scroll")) {
          scroll.hidden = !scroll.querySelector("tbody tr:not([hidden])");
        }
        section.hidden = visible === 0;
        shown += visible;
      }
      if (status) status.textContent = `Showing ${shown} claim${shown === 1 ? "" : "s"}.`;
    };
    // The filter is in the address (?show=disagrees), so a filtered view can be shared.
    filters.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-filter]");
      if (!button) return;
      apply(button.dataset.filter);
      const address = new URL(location.href);
      if (button.dataset.filter === "all") address.searchParams.delete("show");
      else address.searchParams.set("show", button.dataset.filter);
      history.replaceState(null, "", address);
    });
    const asked = new URL(location.href).searchParams.get("show");
    if (asked && filters.querySelector(`button[data-filter="${CSS.escape(asked)}"]`)) apply(asked);
  }

  // A box that scrolls sideways (a wide formula, table or figure) takes keyboard focus and
  // says what it is, so it can be scrolled without a mouse; a box that fits is left alone.
  const focusScrollers = () => {
    for (
      const box of document.querySelectorAll(
        ".katex-display, .math-scroll, .claim-values dd, .group-values dd, .table-scroll, .figure-scroll, pre.code",
      )
    ) {
      const scrolls = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrolls = "";
        // A name needs a role; a list's item (dd) or code keeps its own.
        if (!box.hasAttribute("role") && !box.matches("dd, pre")) {
          box.setAttribute("role", "group");
          const what = box.matches(".katex-display, .math-scroll") ? "Formula" : "Content";
          box.setAttribute("aria-label", `${what} wider than the page: scroll sideways`);
        }
      }
    }
  };
  focusScrollers();
  addEventListener("resize", focusScrollers);
  // KaTeX's fonts arrive after this script runs, and a formula widens when they do.
  addEventListener("load", focusScrollers);
  document.fonts?.ready.then(focusScrollers);
  // Content in a folded part has no size until it opens.
  document.addEventListener("toggle", focusScrollers, true);

  // A link into a folded part (a function's reference, a worked answer) opens it.
  const openTarget = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let d = target.closest("details"); d; d = d.parentElement?.closest("details")) {
      d.open = true;
    }
    target.scrollIntoView();
  };
  addEventListener("hashchange", openTarget);
  if (location.hash) openTarget();

  // Printing shows the folded answers and checks open; the folded reference (signatures,
  // parameters, source) stays folded, as it is the online book's.
  addEventListener("beforeprint", () => {
    for (const d of document.querySelectorAll("details:not([open])")) {
      if (d.matches(".reference-part, .reference-part *, .toc-inline")) continue;
      d.dataset.printOpened = "";
      d.open = true;
    }
  });
  addEventListener("afterprint", () => {
    for (const d of document.querySelectorAll("details[data-print-opened]")) {
      d.open = false;
      delete d.dataset.printOpened;
    }
  });

  // The contents column marks the section being read.
  const tocLinks = [...document.querySelectorAll(".toc a[href^='#']")];
  const targets = tocLinks.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))))
    .filter(Boolean);
  if (targets.length && "IntersectionObserver" in globalThis) {
    const mark = () => {
      let current = targets[0];
      for (const t of targets) if (t.getBoundingClientRect().top < 120) current = t;
      for (const a of tocLinks) {
        const on = decodeURIComponent(a.hash.slice(1)) === current.id;
        a.classList.toggle("active", on);
        if (on) a.setAttribute("aria-current", "location");
        else a.removeAttribute("aria-current");
      }
    };
    addEventListener("scroll", mark, { passive: true });
    mark();
  }
})();
