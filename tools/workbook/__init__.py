"""The OpenMP workbook's tools: metadata, building, grading and the CLI."""
