/* Search box of the map page: finds desa/kelurahan by name through
 * /api/wilayah/desa/?q= and shows them as an ARIA combobox list. */
(function () {
  "use strict";

  const { el } = window.WebSIG;
  const MIN_CHARS = 2;
  const MAX_SHOWN = 20;
  const DEBOUNCE_MS = 250;

  /* Exact name first, then names starting with the query, then the rest. */
  function rank(features, query) {
    const q = query.toLowerCase();
    function score(feature) {
      const nama = feature.properties.nama.toLowerCase();
      if (nama === q) {
        return 0;
      }
      return nama.startsWith(q) ? 1 : 2;
    }
    return features.slice().sort(function (a, b) {
      return score(a) - score(b) || a.properties.nama.localeCompare(b.properties.nama, "id");
    });
  }

  function optionItem(feature, index, profileLinks) {
    const props = feature.properties;
    const item = el("li", "cari__opsi");
    item.id = "hasil-cari-" + index;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.kode = props.kode;
    item.appendChild(el("span", "cari__nama", props.nama));
    const meta = interpolate(gettext("%(jenis)s · Kec. %(kecamatan)s"), {
      jenis: WebSIG.jenisLabel(props.jenis),
      kecamatan: props.kecamatan_nama || "",
    }, true);
    item.appendChild(el("span", "cari__meta", meta));
    // The profile of the desa (profil/): a link of its own, so that choosing the
    // result still zooms the map while the link opens the page.
    if (profileLinks) {
      const profile = el("a", "cari__profil", gettext("Profile"));
      profile.href = WebSIG.profileUrl("desa", props.kode);
      profile.tabIndex = -1;
      item.appendChild(profile);
    }
    return item;
  }

  /* options: input, list, status (elements), apiUrl, onSelect(feature),
   * profileLinks (a link to each desa's profile page, the public map). */
  function createSearch(options) {
    const { input, list, status, apiUrl, onSelect, profileLinks } = options;
    let results = [];
    let active = -1;
    let sequence = 0;
    let timer = null;
    let pending = Promise.resolve();

    function setStatus(text) {
      status.textContent = text || "";
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      const items = list.querySelectorAll(".cari__opsi");
      if (!items.length) {
        return;
      }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function render(query) {
      list.replaceChildren();
      results.slice(0, MAX_SHOWN).forEach(function (feature, index) {
        list.appendChild(optionItem(feature, index, profileLinks));
      });
      if (!results.length) {
        setStatus(interpolate(gettext("No desa/kelurahan matches “%(query)s”."), { query: query }, true));
        close();
        return;
      }
      let message = interpolate(gettext("Found: %(count)s desa/kelurahan."), { count: results.length }, true);
      if (results.length > MAX_SHOWN) {
        message += " " + interpolate(gettext("Showing the first %(shown)s; type more of the name."), { shown: MAX_SHOWN }, true);
      }
      setStatus(message);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    async function search(query) {
      const mine = ++sequence;
      setStatus(gettext("Searching…"));
      try {
        const answer = await WebSIG.fetchJson(apiUrl + "?q=" + encodeURIComponent(query));
        if (mine !== sequence) {
          return;
        }
        if (!answer.ok) {
          results = [];
          close();
          setStatus((answer.data && answer.data.detail) || gettext("The search failed. Please try again."));
          return;
        }
        results = rank(answer.data.features || [], query);
        render(query);
      } catch (error) {
        if (mine === sequence) {
          results = [];
          close();
          setStatus(gettext("The search failed. Please try again."));
        }
      }
    }

    function choose(index) {
      const feature = results[index];
      if (!feature) {
        return;
      }
      close();
      input.value = feature.properties.nama;
      setStatus("");
      onSelect(feature);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < MIN_CHARS) {
        sequence++;
        results = [];
        list.replaceChildren();
        close();
        setStatus("");
        return;
      }
      timer = setTimeout(function () {
        timer = null;
        pending = search(query);
      }, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", async function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden && results.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        setActive(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        event.preventDefault();
        const query = input.value.trim();
        if (timer !== null && query.length >= MIN_CHARS) {
          // Enter before the debounce fired: search now, then take the best match.
          clearTimeout(timer);
          timer = null;
          pending = search(query);
        }
        await pending;
        choose(active >= 0 ? active : 0);
      } else if (event.key === "Escape") {
        close();
      }
    });

    list.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the input
    });

    list.addEventListener("click", function (event) {
      if (event.target.closest(".cari__profil")) {
        return; // the link opens the profile page
      }
      const item = event.target.closest(".cari__opsi");
      if (item) {
        choose(Array.prototype.indexOf.call(list.children, item));
      }
    });

    input.addEventListener("blur", close);
    input.addEventListener("focus", function () {
      if (results.length && input.value.trim().length >= MIN_CHARS) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    });
  }

  window.WebSIG.createSearch = createSearch;
})();
