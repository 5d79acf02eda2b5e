"""Benchmarks (not tests): national-scale synthetic builds and finder measurements."""
