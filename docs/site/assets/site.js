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
      resetStyles: false,
      translations: { placeholder: "Search" },
    });
  }
})();
