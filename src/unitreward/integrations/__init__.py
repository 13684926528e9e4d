"""Adapters for training frameworks other than TRL.

Each adapter lives in its own module and imports nothing from the framework it
serves, so importing it is cheap:

* :mod:`unitreward.integrations.verl`: verl's ``compute_score`` contract and its
  parquet layout (``to_verl_rows``);
* :mod:`unitreward.integrations.openrlhf`: OpenRLHF's ``reward_func(queries,
  prompts, labels)`` file for ``--reward.remote_url``;
* :mod:`unitreward.integrations.verifiers`: verifiers 0.4 task rewards and the
  classic ``vf.Rubric`` functions.

TRL's ``AsyncGRPOTrainer`` takes unitreward's ordinary rewards (they pickle and
keep their names in its spawned scoring process).

>>> import unitreward.integrations.verl as verl
>>> import unitreward.integrations.openrlhf as openrlhf
>>> import unitreward.integrations.verifiers as verifiers
>>> callable(verl.compute_score), callable(openrlhf.reward_func), callable(verifiers.correctness)
(True, True, True)
"""

from __future__ import annotations
