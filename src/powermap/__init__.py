"""powermap: influence maps of a customer organisation's buying roles, and where a deal is exposed.

The public names are imported on first use, so that ``powermap --help`` and the command line's
argument errors answer without loading pandas, networkx or matplotlib.
"""

import importlib
import sys
import types

__all__ = ["PowerMap", "Account", "InputError", "Problem", "load", "from_frame", "Store"]
__version__ = "0.1.0"

# the store pulls in SQLAlchemy: imported when first asked for, like every name here
_HOMES = {"PowerMap": ".model", "from_frame": ".model", "load": ".model", "Account": ".load",
          "InputError": ".problems", "Problem": ".problems", "Store": ".store"}


def __getattr__(name: str):
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """``powermap.load`` is the function: importing the submodule of the same name must not replace it."""

    def __setattr__(self, name, value):
        if name == "load" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
