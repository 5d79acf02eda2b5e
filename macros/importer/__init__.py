"""Import of a region's CPTS listing (XLSX, CSV or GeoJSON) into ``data/cpts/``.

``python -m macros.importer FICHIER`` (or ``make import FICHIER=…``) reads a listing, matches its
communes against the geographic reference, reconciles each CPTS with the existing records and
prints a French report; ``--ecrire`` writes the records. Modules, one responsibility each:

- ``text``: folding of names (accents, case, articles, « St ») and mojibake repair;
- ``tables``: reading XLSX and CSV files into rows; ``geojson``: reading polygons;
- ``columns``: recognising the columns of a listing (synonyms, mapping file);
- ``listing``: turning rows into one ``ListedCpts`` per CPTS (statut, dates, communes);
- ``communes``: matching typed commune names to INSEE codes;
- ``reconcile``: merging with existing records without touching hand-written fields;
- ``yamlwrite``: writing records in the style of hand-written files;
- ``report``: the French report (terminal and CSV); ``cli``: the command line.
"""
