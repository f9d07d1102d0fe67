import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# Every object alive once the app is loaded (Django, the apps' models, every view module the URLconf
# imports: ~200,000) lives as long as the process. Frozen, the garbage collector no longer walks them on
# each full collection: one took 35-50 ms at 306 councils on the national overview (the request it landed
# on, and the ones queued behind it, were the p99), 2-3 ms frozen. With `--preload` it runs in the master
# before the fork, and the workers also share those pages of memory.
get_resolver().url_patterns  # noqa: B018  (the URLconf imported now, as the first request would)
gc.freeze()
