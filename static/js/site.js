/* Site-wide behaviour: the collapsible main menu on narrow screens. */
(function () {
  "use strict";

  const header = document.querySelector(".site-header");
  const toggle = header && header.querySelector(".menu-toggle");
  if (!toggle) {
    return;
  }

  function setOpen(open) {
    header.classList.toggle("menu-terbuka", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("menu-terbuka")) {
      setOpen(false);
      toggle.focus();
    }
  });

  document.addEventListener("click", function (event) {
    if (header.classList.contains("menu-terbuka") && !header.contains(event.target)) {
      setOpen(false);
    }
  });
})();
