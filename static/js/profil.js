/* The profile page (/akun/profil/): create API tokens (the key is shown once,
 * with a copy button) and revoke them, through the token API. */
(function () {
  "use strict";

  const api = window.WebSIGEditorApi;
  const section = document.getElementById("token");
  if (!api || !section) {
    return;
  }
  const { el } = window.WebSIG;
  const form = document.getElementById("form-token");
  const nameInput = document.getElementById("nama-token");
  const nameError = document.getElementById("galat-token");
  const createButton = document.getElementById("tombol-token");
  const keyBox = document.getElementById("kunci-baru");
  const keyInput = document.getElementById("kunci-nilai");
  const copyButton = document.getElementById("tombol-salin");
  const list = document.getElementById("daftar-token");
  const empty = document.getElementById("token-kosong");

  function showError(message) {
    nameError.textContent = message || "";
    nameError.hidden = !message;
    nameInput.closest(".isian").classList.toggle("isian--galat", Boolean(message));
    if (message) {
      nameInput.setAttribute("aria-invalid", "true");
      nameInput.setAttribute("aria-describedby", "galat-token");
    } else {
      nameInput.removeAttribute("aria-invalid");
      nameInput.removeAttribute("aria-describedby");
    }
  }

  function errorOf(answer) {
    if (answer.data && Array.isArray(answer.data.name)) {
      return answer.data.name.join(" ");
    }
    return api.errorText(answer);
  }

  function statusBadge(revoked) {
    return revoked
      ? el("span", "token-status token-status--dicabut", gettext("Revoked"))
      : el("span", "token-status token-status--aktif", gettext("Active"));
  }

  function revokeButton(token) {
    const button = el("button", "tombol tombol--bahaya tombol--kecil", gettext("Revoke"));
    button.type = "button";
    button.dataset.cabut = String(token.id);
    button.dataset.nama = token.name;
    return button;
  }

  function tokenRow(token) {
    const row = el("tr");
    row.dataset.token = String(token.id);
    row.appendChild(el("td", "tabel-token__nama", token.name));
    const key = el("td");
    key.dataset.label = gettext("Key");
    key.appendChild(el("code", null, token.prefix + "…"));
    row.appendChild(key);
    const created = el("td", null, api.formatTime(token.created_at));
    created.dataset.label = gettext("Created");
    row.appendChild(created);
    const used = el("td", null, gettext("never"));
    used.dataset.label = gettext("Last used");
    row.appendChild(used);
    const status = el("td");
    status.appendChild(statusBadge(false));
    row.appendChild(status);
    const actions = el("td");
    actions.appendChild(revokeButton(token));
    row.appendChild(actions);
    return row;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (!name) {
      showError(gettext("Give the token a name, e.g. the program or computer that uses it."));
      nameInput.focus();
      return;
    }
    showError(null);
    createButton.disabled = true;
    const answer = await api.request("POST", section.dataset.apiTokens, { body: { name: name } });
    createButton.disabled = false;
    if (!answer.ok) {
      showError(errorOf(answer));
      return;
    }
    keyInput.value = answer.data.key;
    keyBox.hidden = false;
    document.querySelectorAll("[data-kunci-contoh]").forEach((node) => (node.textContent = answer.data.key));
    list.insertBefore(tokenRow(answer.data), list.firstChild);
    empty.hidden = true;
    nameInput.value = "";
    keyInput.focus();
    keyInput.select();
  });

  copyButton.addEventListener("click", async function () {
    let copied = false;
    try {
      await navigator.clipboard.writeText(keyInput.value);
      copied = true;
    } catch (error) {
      // No clipboard API (a plain-http address): copy the selected text instead.
      keyInput.select();
      copied = document.execCommand && document.execCommand("copy");
    }
    copyButton.querySelector("span").textContent = copied ? gettext("Copied") : gettext("Select and copy it yourself");
  });

  async function revoke(button) {
    button.disabled = true;
    const answer = await api.request("DELETE", api.urlFor(section.dataset.apiToken, button.dataset.cabut));
    if (!answer.ok) {
      button.disabled = false;
      button.textContent = gettext("Revoke");
      delete button.dataset.yakin;
      button.after(el("span", "isian__galat", api.errorText(answer)));
      return;
    }
    const row = button.closest("tr");
    row.classList.add("dicabut");
    row.children[4].replaceChildren(statusBadge(true));
    row.children[5].replaceChildren();
  }

  list.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-cabut]");
    if (!button) {
      return;
    }
    if (button.dataset.yakin) {
      revoke(button);
      return;
    }
    // Revoking cannot be undone: the first click asks, the second revokes.
    button.dataset.yakin = "1";
    button.classList.add("tombol--penuh");
    button.textContent = gettext("Click again to revoke");
    setTimeout(function () {
      if (button.isConnected && !button.disabled && button.dataset.yakin) {
        delete button.dataset.yakin;
        button.classList.remove("tombol--penuh");
        button.textContent = gettext("Revoke");
      }
    }, 5000);
  });
})();
