# The constructed plan, land use and LP2B square of the tata ruang tests (tests/tataruang/conftest.py).
from tests.tataruang.conftest import half_and_half, lp2b, reference  # noqa: F401
