"""One module per group of commands; each exposes register(subparsers) and its handlers.

Handlers import the stage they run when they run: the stages import rdflib, pydantic, pyshacl
and the like (psykg.api alone takes about 0.6 s to import, measured with python -X importtime),
and `psykg query --list` must answer in 0.3 s.
"""
