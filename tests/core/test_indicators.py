"""core.indicators.Value: a value held against its target as the master plan words it."""

from core.indicators import Value


def value(nilai, target, pembanding=">="):
    return Value("x", "kabupaten", "36.03", "Kabupaten Tangerang", "2025", nilai, target, pembanding=pembanding)


def test_a_strict_target_is_not_met_by_reaching_it():
    # L-5 2025: ">80%": 80 is not more than 80.
    assert value(80.0, 80.0, ">").tercapai is False
    assert value(80.01, 80.0, ">").tercapai is True
    assert value(80.0, 80.0).tercapai is True
    assert value(79.99, 80.0).tercapai is False


def test_without_a_target_or_a_value_nothing_is_judged():
    assert value(None, 80.0).tercapai is None
    assert value(50.0, None).tercapai is None
    assert value(30.0, 30.0, "<=").as_dict()["tercapai"] is True
