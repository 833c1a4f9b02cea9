"""Stage 4: build the governors' pack and publish it whole.

- ``build``: ``build_report(data, term, out, ...)``, the stage's entry point.
- ``execute``: run the notebooks with papermill; ``html_pages``: convert them to pages.
- ``summary_json``: ``summary.json``; ``actions_xlsx``: ``actions.xlsx``.
- ``pdf``: ``pack.pdf``; ``lock``: one report at a time into one folder;
  ``interrupt``: stop cleanly on Ctrl-C; ``portable``: the Windows-safe paths;
  ``scratch``: scratch folders a killed run leaves behind.

Imports every earlier stage; only the command line and the public API import it.
"""
