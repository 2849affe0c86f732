"""The API operations, one package per tag and one module per operation."""
