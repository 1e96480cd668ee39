# The flood app's first migration is empty: rasters (0002_rasters) and gauges (0002_gauges) were built side by side.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = []
