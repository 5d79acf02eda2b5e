"""Territories on the ground: commune geometry, population coverage, the maps and the commune finder."""
