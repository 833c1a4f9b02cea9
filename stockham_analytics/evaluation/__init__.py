"""Stage 2: judge a term. Records in, a :class:`~stockham_analytics.evaluation.results.TermReport` out.

- ``catalogue``: one declared row per check of spec 3 (clause, title, RAG severity, to-do,
  run function); ``checks``: the plain functions that work each one out.
- ``verdicts``: the verdicts of spec 4, each with a reason; ``thresholds``: their declared
  thresholds and the rules the reading guide words.
- ``figures``: the counts the pages show (sites by RAG, breaches as counts); ``trends``: each
  site's objectives and activity over terms.
- ``actions``: the business manager's to-do list; ``decisions``: what governors must decide.
- ``engine``: ``evaluate(dataset, term, as_of=...)``, the stage's entry point.
- ``results``: the term report and its parts (no personal data).

Imports the top level, ``workbooks`` and ``authoring`` only; never a page or the pack.
"""
