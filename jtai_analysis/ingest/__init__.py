"""Reading what the local area sent: workbooks and CSVs into canonical polars frames with their source file, sheet and row; lists recognised by their headers; personal columns dropped."""
