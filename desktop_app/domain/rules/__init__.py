"""The region rule packs and the rules they list: policy texts, packs, coverage, limits, payment methods."""
