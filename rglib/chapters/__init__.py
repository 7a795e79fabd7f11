"""What the book's pages share; the chapters in ``book/`` stay thin by calling these.

- :mod:`rglib.chapters.page` -- every chapter's set-up line, image data, summaries and glue;
- :mod:`rglib.chapters.display` -- verdict boxes, the results table, the profile banner;
- :mod:`rglib.chapters.image_figures` -- one figure set for the four image chapters;
- :mod:`rglib.chapters.figure_png` -- each figure's PNG, with the size of its smallest text;
- :mod:`rglib.chapters.paper_scale` -- the Ising figures again at the paper's scale, from ``results/paper.json``;
- :mod:`rglib.chapters.rgm_tables` -- the paper's Tables I-III as image grids.
"""
