"""Support bodies (« appuis »): who helps CPTS and their project holders, region by region."""
