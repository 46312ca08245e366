"""Words: the gap advice in English and Chinese, and text made safe for a terminal, Markdown or JSON."""
