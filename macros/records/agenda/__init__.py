"""What spans the agenda, the news and the toolkit: their macros and the CPTS pages' links back to them."""
