"""What every app of the WebSIG uses: domain errors and their one mapping to
HTTP, strict parameter parsing, the sample-data label, metric-area helpers
(EPSG:32748) and the shared job framework.

``core`` imports no other app of the project; every app may import it.
"""
