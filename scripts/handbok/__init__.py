"""handbok: a routine handbook kept as code for municipal health and care services."""
