"""One module per field. Each component reads the shared ``TextView`` and stores what it
found under its own key in ``doc.user_data["found"]``; ``record.py`` turns that into the
record. Components run in the order ``pipeline.COMPONENTS`` declares: later ones may read
what earlier ones found (provinces skip person names, venues skip both)."""
