/* A search box over a list of cards (the catalogue's published layers, the
 * editor's layers): <input type="search" data-saring-item="CSS of the items"
 * data-saring-grup="CSS of their groups" data-saring-status="#id">. Typing hides
 * the items whose text (with their group's heading: the OPD) does not contain
 * every word typed, hides groups left empty and says how many are shown.
 * Without JavaScript the box is hidden (it starts hidden) and every item shows. */
(function () {
  "use strict";
  const { formatNumber } = window.WebSIG;

  function words(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .split(/\s+/)
      .filter(Boolean);
  }

  function setUp(input) {
    const items = Array.from(document.querySelectorAll(input.dataset.saringItem));
    const groups = input.dataset.saringGrup ? Array.from(document.querySelectorAll(input.dataset.saringGrup)) : [];
    const status = input.dataset.saringStatus ? document.querySelector(input.dataset.saringStatus) : null;
    const empty = input.dataset.saringKosong ? document.querySelector(input.dataset.saringKosong) : null;
    const texts = new Map(
      items.map(function (item) {
        const group = groups.find((g) => g.contains(item));
        const heading = group ? group.querySelector("h2, h3") : null;
        return [item, words((heading ? heading.textContent + " " : "") + item.textContent).join(" ")];
      })
    );

    function apply() {
      const wanted = words(input.value);
      let shown = 0;
      items.forEach(function (item) {
        const match = wanted.every((w) => texts.get(item).includes(w));
        item.hidden = !match;
        shown += match ? 1 : 0;
      });
      groups.forEach(function (group) {
        group.hidden = !items.some((item) => group.contains(item) && !item.hidden);
      });
      if (empty) {
        empty.hidden = shown > 0;
      }
      if (status) {
        const counts = { n: formatNumber(shown, 0), total: formatNumber(items.length, 0) };
        const text = ngettext("%(n)s of %(total)s layer shown", "%(n)s of %(total)s layers shown", items.length);
        status.textContent = wanted.length ? interpolate(text, counts, true) : "";
      }
    }

    const box = input.closest("[hidden]");
    if (box) {
      box.hidden = false;
    }
    input.addEventListener("input", apply);
    apply();
  }

  document.querySelectorAll("input[data-saring-item]").forEach(setUp);
})();
