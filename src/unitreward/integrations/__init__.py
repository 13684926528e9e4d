"""Adapters for training frameworks other than TRL.

Each adapter lives in its own module and needs nothing from the framework it
serves, so importing it is cheap: :mod:`unitreward.integrations.verl` gives
verl's ``compute_score`` contract.

>>> import unitreward.integrations
>>> import unitreward.integrations.verl as verl
>>> callable(verl.compute_score)
True
"""

from __future__ import annotations
