"""Site-wide pages and downloads that draw on every record type and on the maps: the home page
blocks and the open-data formats (Atom feeds, GeoJSON, Data Package). Above ``geo``, below ``build``."""
