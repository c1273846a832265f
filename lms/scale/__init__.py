"""The sector-size data set (``manage.py seed_scale``) and who the load profile logs in as."""
