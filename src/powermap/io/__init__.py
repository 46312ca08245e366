"""Reading and writing files: contacts, links, CRM exports, outcomes, templates, tables; validation at the boundary.

Nothing here knows the graph, the analysis or how a map is drawn.
"""
