"""Any regulation's tables: every table of a PDF (ruled, in part, or of text alone), stitched across pages, without knowing its columns.

regions (rules -> table regions and their lattice) -> grid (lattice + words -> bands of cells)
-> header (header bands -> column names, section titles) -> stitch (pages -> tables) -> write (CSV, tables.json)
and review (the tables drawn over their pages, `--review`).
"""
