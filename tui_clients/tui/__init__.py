"""The Textual front end: renders what the services return; holds no business rule."""
