"""The briefing pack: papermill runs of the notebooks in their own kernels, HTML export and stitching, provenance and the atomic publish."""
