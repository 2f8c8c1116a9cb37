"""The validated data as the analysis sees it: prepared frames per list and the child-level cohort linked across lists."""
