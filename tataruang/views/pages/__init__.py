"""The HTML pages of tata ruang, one module per page (or group of pages):
``kesesuaian`` the compliance indicator, ``sumber`` the planners' pages of plans
and land-use layers, ``lp2b`` the LP2B and RDTR synchronisation indicators,
``kkpr`` the indicative KKPR check. Their figures come from the same services
and managers as the JSON API (tataruang/views/)."""
