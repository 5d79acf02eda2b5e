"""Reading and checking data: YAML with lines, French errors, fields, closed lists, reference data, the catalogue.

Knows no record type and no MkDocs: ``loader.build_catalogue`` loads the features it is given.
"""
