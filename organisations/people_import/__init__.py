"""HR import of people: parse a CSV/XLSX file, plan it row by row, apply it.

``parse`` turns a file into canonical rows, ``plan`` decides per row what will happen (nothing
written), ``apply`` carries a planned import out, ``services`` holds the entry points that views,
the Celery task and the API call.
"""
