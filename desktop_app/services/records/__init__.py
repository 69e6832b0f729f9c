"""The archive as records: retention, disposal, attachments, issued documents, binders, backups."""
