"""powermap: influence maps of a customer organisation's buying roles, and where a deal is exposed."""

from .load import Account
from .model import PowerMap, from_frame, load
from .problems import InputError, Problem

__all__ = ["PowerMap", "Account", "InputError", "Problem", "load", "from_frame"]
__version__ = "0.1.0"
