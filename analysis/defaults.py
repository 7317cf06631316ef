"""The choices and defaults the library and the command line share, light enough for ``origins --help``."""

#: What origin is counted by: the company whose brand is marked on the part, or its owner on the day it was made.
BASES = ("brand", "owner")
#: The day Russia's full-scale invasion of Ukraine began, after which sanctions on these parts tightened: the
#: default day after which a dated part counts as "made after".
SANCTIONS_DAY = "2022-02-24"
#: The earliest plausible day a part was made; a date code read before it is a problem.
EARLIEST = "1970-01-01"
