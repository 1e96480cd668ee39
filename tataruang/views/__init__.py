"""The tata ruang API (/api/tataruang/, tataruang/urls.py), one module per resource,
and its HTML pages (views/pages/, tataruang/urls_pages.py and urls_kkpr.py).

- ``sources``: plans (/rencana/) and land-use layers (/lahan/): mapping, activation;
- ``zones``: a plan's zones as GeoJSON (/rencana/<id>/zona/);
- ``classes``: the standard plan classes (/kelas/) and activities (/kegiatan/);
- ``runs``: compliance runs (/kesesuaian/), their results and "tidak sesuai" pieces;
- ``kkpr``: the indicative KKPR check (/kkpr/) and its PDF;
- ``lp2b``: the LP2B indicators and the RDTR synchronisation (/lp2b/, /sinkronisasi-rdtr/);
- ``itbx``: the ITBX table upload (/itbx/).

Views parse the request, call one service or manager and answer through
tataruang.serializers; the work itself is in the app's services.
"""
