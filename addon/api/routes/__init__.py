"""One router per group of endpoints; app.py mounts them all."""
