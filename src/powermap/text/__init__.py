"""Words: the text catalogue (every word shown, in English and Chinese), the gap advice made of it, and text made
safe for a terminal, Markdown or JSON."""
