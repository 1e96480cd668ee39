"""make bench-serve: the pieces of the serving benchmark (ogc.management.commands.bench_serve).

- ``server``: gunicorn on loopback as ``make run`` starts it, and its workers' peak memory;
- ``floors``: the tiles and pages measured, and the raw SQL (psycopg2) each answer is compared with;
- ``client``: timed HTTP requests, percentiles, and the bounded many-client load.
"""
