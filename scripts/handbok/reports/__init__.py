"""Layer 4, reports: the findings report, the status table, the audit document and the region overview."""
