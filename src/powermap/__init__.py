"""powermap: influence maps of a customer organisation's buying roles, and where a deal is exposed.

The public names are imported on first use, so that ``powermap --help`` and the command line's
argument errors answer without loading pandas, networkx or matplotlib.

The package is layered; each layer imports only from the layers below it (``tests/test_layers.py``
checks this with import-linter)::

    cli, cli_shared, cli_crm  the command line: commands | options declared once | CRM read options
    facade_store, facade    powermap.Store, and the PowerMap facade above everything it calls
    sim                     synthetic organisations and simulated closed deals
    learn | store           the win model | snapshots and diffs in a database
    portfolio               a whole pipeline, locally or on Spark
    plan                    what-if, the team's relationships, the action plan
    render                  text, charts, the HTML map, the report
    analysis                batched metrics, coverage, gaps, risk
    core.deal               the Deal: one account's validated tables, a frozen value
    core.graph              influence edges as arrays
    policy                  the thresholds a coach may tune
    io                      reading, validating and writing files
    text, vocab, errors     words, vocabularies, problems and errors
"""

import importlib

__all__ = [
    "PowerMap",
    "Account",
    "Analysis",
    "Policy",
    "load_policy",
    "InputError",
    "Problem",
    "load",
    "from_frame",
    "Store",
]
__version__ = "0.1.0"

# the store pulls in SQLAlchemy: imported when first asked for, like every name here
_HOMES = {
    "PowerMap": ".facade",
    "from_frame": ".facade",
    "load": ".facade",
    "Account": ".io.validate",
    "Analysis": ".analysis.run",
    "Policy": ".policy",
    "load_policy": ".policy",
    "InputError": ".errors",
    "Problem": ".errors",
    "Store": ".facade_store",
}


def __getattr__(name: str):
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
