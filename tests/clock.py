"""The one moment every test runs at (tests/conftest.py freezes the clock there), so a run that crosses
midnight, or runs on another day, computes the same dates. Europe/London, the app's time zone, is on GMT on
this day, so 10:00 UTC is 10:00 there too."""

import datetime as dt

NOW = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 5)
