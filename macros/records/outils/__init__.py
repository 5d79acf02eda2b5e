"""The toolkit (« boîte à outils »): model, closed lists and pages."""
