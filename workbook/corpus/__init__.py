"""Loading a corpus faster than one process does: worker processes on this machine
(:mod:`.parallel`), a Dask cluster (:mod:`.dask_run`), and the claim table as Parquet
(:mod:`.parquet`). Whatever runs the work, storing stays in :mod:`workbook.pipeline`."""
