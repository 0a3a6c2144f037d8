"""Converting files into other formats with external programs: legacy Office files into
their Open XML equivalents for extraction, and any evidence file into PDF for the compilation."""
