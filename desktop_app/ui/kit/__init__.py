"""What every screen shares: background work, forms, messages, languages, labels, the service runner."""
