"""Many areas at once: `jtai batch` builds one pack per area on a Dask cluster and sets each area beside the others."""
