"""actorgraph: who did what to whom in the news, as an explorable graph.

The command line lives in :mod:`actorgraph.cli`; settings in :mod:`actorgraph.settings`.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
