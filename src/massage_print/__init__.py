"""massage-print: structured YAML about massage techniques, printed as PDFs."""

__version__ = "0.1.0"
