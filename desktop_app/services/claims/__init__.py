"""Money: fee lines, the catalogue, the completeness gate, claims, the month, claim packages."""
