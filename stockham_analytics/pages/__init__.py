"""Stage 3: what the notebooks show. A term report in, safe HTML sections out.

- ``notebook``: what a notebook cell calls (``load_context``, ``Context.show``).
- ``overview``: the sections of ``index.html``; ``sitepage``: those of ``sites/<Site ID>.html``.
- ``charts``: plotly charts, each with a table of the same numbers.
- ``markup``: escaping and the small HTML templates every section is built from.
- ``policy_page``: ``policy.html``; ``labstyle``: the pack's stylesheet fitted to JupyterLab.

Pages only present: nothing here decides a check or a verdict, counts or judges an earlier
term (the term report carries it all; ``tests/test_pages_only_present.py`` guards it) or keeps
module-level state. Never imports ``pack``.
"""
