"""When a weight may be used: stable, and confirmed by agreeing readings over time.

A scale's own "stable" flag is necessary but not enough (a parcel settling on a bench can
look still for one reading). `StableWeightFilter` accepts a weight when at least
``min_readings`` consecutive stable readings, spanning at least ``min_span_s``, all lie
within one display division of each other. It accepts each settled weight once; motion,
over-/underload or an error in between starts over.
"""

from __future__ import annotations

from drivers.events import WeightState

_EPSILON = 1e-9


class StableWeightFilter:
    def __init__(
        self, division_g: float = 1.0, min_readings: int = 3, min_span_s: float = 0.5
    ) -> None:
        if division_g <= 0:
            raise ValueError("the display division must be positive")
        self.division_g = division_g
        self.min_readings = max(1, min_readings)
        self.min_span_s = min_span_s
        self._run: list[tuple[float, float]] = []  # (at, grams) of the current agreeing run
        self._accepted: float | None = None

    def reset(self) -> None:
        self._run.clear()
        self._accepted = None

    def feed(self, state: WeightState, grams: float | None, at: float) -> float | None:
        """The accepted grams when this reading settles a weight, else None."""
        if state is not WeightState.STABLE or grams is None:
            self.reset()
            return None
        values = [g for _, g in self._run] + [grams]
        if max(values) - min(values) > self.division_g + _EPSILON:
            self._run = [(at, grams)]
        else:
            self._run.append((at, grams))
            if len(self._run) > 64:  # a load left on the scale all day must not grow this
                del self._run[0]
        if len(self._run) < self.min_readings or at - self._run[0][0] < self.min_span_s - _EPSILON:
            return None
        if self._accepted is not None and abs(grams - self._accepted) <= self.division_g + _EPSILON:
            return None  # this weight was already accepted
        self._accepted = grams
        return grams
