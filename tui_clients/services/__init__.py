"""Use cases the front ends call.  No textual here; results are plain dataclasses."""
