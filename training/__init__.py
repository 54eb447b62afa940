"""Training code for unspin's detector model (not shipped in the package): `python -m training.train`."""
