/* The attribute form of the editor, generated from the layer's schema.
 *
 * One input per attribute, by type: number inputs for integer and number, a
 * checkbox for boolean, a date input for datetime, a list of the style's
 * categories when the layer is coloured by that attribute, text otherwise.
 * read() checks the types before anything is sent (the server checks again).
 * Attribute names and values come from uploaded files: they are written with
 * textContent and input values only, never as HTML. */
(function () {
  "use strict";

  const { el } = window.WebSIG;
  const TYPE_LABELS = {
    integer: gettext("whole number"),
    number: gettext("number"),
    boolean: gettext("yes/no"),
    datetime: gettext("date"),
    string: gettext("text"),
  };

  function isEmpty(value) {
    return value === null || value === undefined || value === "";
  }

  function categoriesFor(style, name) {
    if (style && style.type === "categorized" && style.attribute === name && Array.isArray(style.categories)) {
      return style.categories;
    }
    return null;
  }

  function categorySelect(field, categories, id) {
    const select = el("select");
    select.id = id;
    select.appendChild(new Option(gettext("– empty –"), ""));
    categories.forEach(function (category) {
      select.appendChild(new Option(String(category.label || category.value), String(category.value)));
    });
    return select;
  }

  function inputFor(field, categories, id) {
    if (categories) {
      return categorySelect(field, categories, id);
    }
    const input = el("input");
    input.id = id;
    input.name = field.name;
    if (field.type === "integer" || field.type === "number") {
      input.type = "number";
      input.step = field.type === "integer" ? "1" : "any";
      input.inputMode = field.type === "integer" ? "numeric" : "decimal";
    } else if (field.type === "boolean") {
      input.type = "checkbox";
    } else if (field.type === "datetime") {
      input.type = "date";
    } else {
      input.type = "text";
      input.maxLength = 1000;
    }
    return input;
  }

  /* A field row: {field, input, error, original, touched}. */
  function fieldRow(field, style, index) {
    const id = "atribut-" + index;
    const categories = categoriesFor(style, field.name);
    const input = inputFor(field, categories, id);
    const row = el("div", "isian isian--atribut" + (field.type === "boolean" ? " isian--centang" : ""));
    const label = el("label", null, field.name);
    label.htmlFor = id;
    const type = el("span", "isian__jenis", TYPE_LABELS[field.type] || field.type);
    if (field.type === "boolean") {
      const line = el("span", "isian__centang");
      line.appendChild(input);
      line.appendChild(label);
      row.appendChild(line);
      row.appendChild(type);
    } else {
      label.appendChild(type);
      row.appendChild(label);
      row.appendChild(input);
    }
    const error = el("p", "isian__galat");
    error.id = id + "-galat";
    error.hidden = true;
    row.appendChild(error);
    const entry = { field: field, input: input, row: row, error: error, categories: categories, original: null, touched: false };
    input.addEventListener("input", function () {
      entry.touched = true;
      setError(entry, null);
    });
    input.addEventListener("change", function () {
      entry.touched = true;
    });
    return entry;
  }

  function setError(entry, message) {
    entry.error.textContent = message || "";
    entry.error.hidden = !message;
    entry.row.classList.toggle("isian--galat", Boolean(message));
    if (message) {
      entry.input.setAttribute("aria-invalid", "true");
      entry.input.setAttribute("aria-describedby", entry.error.id);
    } else {
      entry.input.removeAttribute("aria-invalid");
      entry.input.removeAttribute("aria-describedby");
    }
  }

  function setValue(entry, value) {
    entry.original = isEmpty(value) ? null : value;
    entry.touched = false;
    setError(entry, null);
    const input = entry.input;
    if (entry.field.type === "boolean") {
      input.checked = value === true;
      return;
    }
    if (entry.categories) {
      const text = isEmpty(value) ? "" : String(value);
      const known = Array.from(input.options).some(function (option) {
        return option.value === text;
      });
      Array.from(input.querySelectorAll("option[data-lain]")).forEach(function (option) {
        option.remove();
      });
      if (!known) {
        // A value outside the style's categories stays selectable, so opening
        // and saving a feature never changes it silently.
        const option = new Option(text, text);
        option.dataset.lain = "1";
        input.appendChild(option);
      }
      input.value = text;
      return;
    }
    if (entry.field.type === "datetime") {
      input.value = isEmpty(value) ? "" : String(value).slice(0, 10);
      return;
    }
    input.value = isEmpty(value) ? "" : String(value);
  }

  /* The value of one field, or throws an Error whose message is shown. */
  function readValue(entry) {
    const input = entry.input;
    const kind = entry.field.type;
    if (kind === "boolean") {
      return !entry.touched && entry.original === null ? null : input.checked;
    }
    const text = input.value.trim();
    if (input.validity && input.validity.badInput) {
      throw new Error(kind === "integer" ? gettext("Enter a whole number.") : gettext("Enter a number."));
    }
    if (text === "") {
      return null;
    }
    if (kind === "integer" || kind === "number") {
      const value = Number(text);
      if (!isFinite(value)) {
        throw new Error(gettext("Enter a number."));
      }
      if (kind === "integer" && !Number.isInteger(value)) {
        throw new Error(gettext("Enter a whole number."));
      }
      return value;
    }
    if (kind === "datetime") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) {
        throw new Error(gettext("Enter a date."));
      }
      // An unchanged date keeps the time of day it was stored with.
      return entry.original !== null && String(entry.original).slice(0, 10) === text ? entry.original : text;
    }
    return text;
  }

  /* Build the form inside ``container``; returns its controller. */
  function create(container, schema, style) {
    const entries = (schema || []).map(function (field, index) {
      return fieldRow(field, style, index);
    });
    container.replaceChildren();
    if (!entries.length) {
      container.appendChild(el("p", "isian__bantuan", gettext("This layer has no attributes; only the geometry is saved.")));
    }
    entries.forEach(function (entry) {
      container.appendChild(entry.row);
    });

    return {
      setValues: function (properties) {
        properties = properties || {};
        entries.forEach(function (entry) {
          setValue(entry, properties[entry.field.name]);
        });
      },
      /* {ok, values, errors}: values by attribute name; errors by name. */
      read: function () {
        const values = {};
        const errors = {};
        entries.forEach(function (entry) {
          try {
            values[entry.field.name] = readValue(entry);
            setError(entry, null);
          } catch (error) {
            errors[entry.field.name] = error.message;
            setError(entry, error.message);
          }
        });
        return { ok: Object.keys(errors).length === 0, values: values, errors: errors };
      },
      /* Values as typed, without checking: kept aside when a save conflicts. */
      snapshot: function () {
        const values = {};
        entries.forEach(function (entry) {
          try {
            values[entry.field.name] = readValue(entry);
          } catch (error) {
            values[entry.field.name] = entry.input.value;
          }
        });
        return values;
      },
      showErrors: function (errors) {
        let first = null;
        entries.forEach(function (entry) {
          const message = errors && errors[entry.field.name];
          setError(entry, message ? String(message) : null);
          if (message && !first) {
            first = entry.input;
          }
        });
        if (first) {
          first.focus();
        }
      },
      isDirty: function () {
        return entries.some(function (entry) {
          return entry.touched;
        });
      },
      focusFirst: function () {
        if (entries.length) {
          entries[0].input.focus();
        }
      },
    };
  }

  window.WebSIGEditorForm = { create: create };
})();
