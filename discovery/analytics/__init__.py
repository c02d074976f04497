"""Portfolio analytics: how verdicts, criteria, response times and overrides add up across
engagements. Reads only (selectors, pure figures, SVG charts), a page and its CSV downloads."""
