"""Progress towards the social-policy goals."""

import pytest

from metrics.targets import GoalProgress, goal_progress


def test_plus_165_reached():
    # P01: 165 more housed. 820 -> 1000: target 985, progress 180 / 165 = 1.0909 -> reached
    result = goal_progress(baseline_value=820, latest_value=1000, target_change=165)
    assert result == GoalProgress(985, pytest.approx(180 / 165), True, True, True)


def test_plus_165_part_way():
    # 820 -> 900: progress 80 / 165 = 0.4848
    result = goal_progress(baseline_value=820, latest_value=900, target_change=165)
    assert result == GoalProgress(985, pytest.approx(80 / 165), False, True, True)


def test_minus_80():
    # P02: 80 fewer evictions. 530 -> 470: target 450, progress -60 / -80 = 0.75, not reached
    assert goal_progress(baseline_value=530, latest_value=470, target_change=-80) == GoalProgress(
        450, 0.75, False, True, True
    )
    # 530 -> 440: progress -90 / -80 = 1.125 (not clipped), reached
    assert goal_progress(baseline_value=530, latest_value=440, target_change=-80) == GoalProgress(
        450, 1.125, True, True, True
    )
    # 530 -> 560: moved away from the target, progress 30 / -80 = -0.375
    assert goal_progress(baseline_value=530, latest_value=560, target_change=-80).progress == -0.375


def test_no_numeric_target():
    # "X pct. ..." goals: nothing to measure progress against
    assert goal_progress(baseline_value=30.0, latest_value=35.0, target_change=None) == GoalProgress(
        None, None, None, has_numeric_target=False, baseline_known=True
    )


def test_unknown_baseline():
    # P06: +480, baseline not yet known
    expected = GoalProgress(None, None, None, has_numeric_target=True, baseline_known=False)
    assert goal_progress(baseline_value=1000, latest_value=1200, target_change=480, baseline_known=False) == expected
    assert goal_progress(baseline_value=None, latest_value=1200, target_change=480) == expected


def test_no_latest_value():
    assert goal_progress(baseline_value=820, latest_value=None, target_change=165) == GoalProgress(
        985, None, None, True, True
    )


@pytest.mark.parametrize(
    "progress, bar, percent",
    [(180 / 165, 1.0, pytest.approx(109.09, abs=0.01)), (0.75, 0.75, 75.0), (-0.375, 0.0, -37.5), (None, 0.0, 0.0)],
)
def test_the_bar_is_clipped_to_full_and_empty_but_the_percent_is_not(progress, bar, percent):
    got = GoalProgress(985, progress, None, True, True)
    assert (got.bar, got.percent) == (bar, percent)
