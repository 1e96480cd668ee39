"""HTML encoding of items and an item: a table of the features' properties, a link per feature."""

import json

from django.shortcuts import render


def items_page(request, collection, page, members):
    features = [json.loads(text) for _key, text in page.features]
    columns = list(dict.fromkeys(name for feature in features for name in (feature.get("properties") or {})))
    rows = [(f.get("id"), [(f.get("properties") or {}).get(c) for c in columns]) for f in features]
    context = {"collection": collection, "columns": columns, "rows": rows, "members": members}
    return render(request, "ogc/items.html", context)


def item_page(request, collection, text):
    feature = json.loads(text)
    properties = sorted((feature.get("properties") or {}).items())
    context = {"collection": collection, "feature": feature, "properties": properties}
    return render(request, "ogc/item.html", context)
