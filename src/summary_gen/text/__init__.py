"""Chinese text: quantities, typography of typed text, the Chinese filters, the script."""
