"""What people see: terminal and Markdown text, the org chart, coverage charts, the HTML map and the report.

Renderers take an analysed map and draw it; they never change it.
"""
