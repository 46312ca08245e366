"""powermap: influence maps of a customer organisation's buying roles, and where a deal is exposed."""

from .load import Account
from .model import PowerMap, from_frame, load
from .problems import InputError, Problem

__all__ = ["PowerMap", "Account", "InputError", "Problem", "load", "from_frame", "Store"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # the store pulls in SQLAlchemy: imported when first asked for, not with every map
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(f"module 'powermap' has no attribute {name!r}")
