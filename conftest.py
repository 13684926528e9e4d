"""Test settings for the whole run (the tests and the doctests under src/).

Hypothesis has no deadline here: a property's first example pays for imports and warm
caches, and on a loaded machine that took over its default 200 ms, failing doctests as
"flaky". Speed is measured in ``benchmarks/``, never by a test's clock.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("unitreward", deadline=None)
settings.load_profile("unitreward")
