"""Testing helpers for cnscd_core and for province plugin authors.

``cnscd_core.testing.strategies`` holds Hypothesis strategies for the domain records
(needs the ``testing`` extra: ``pip install cnscd-core[testing]``).
"""

__all__: list[str] = []
