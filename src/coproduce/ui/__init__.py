"""The bottom layer of shared helpers for pages: request types, form errors, uploaded images,
SVG figures and GeoJSON geometry. It imports nothing of ours, so every app may use it
(tests/test_architecture.py).
"""
