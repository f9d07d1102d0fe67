"""The one way a service says no.

Every service refuses bad input or a write the rules forbid by raising a ``Refused`` (or Django's
``ValidationError``, whose subclass it is), never by returning a flag or raising a bare Exception. Views catch
``ValidationError`` and show ``error.messages`` (or add it to the form: ``form.add_error(None, error)`` puts a
refusal with a ``field`` on that field); commands print ``str(error)``. Subclasses name the refusal
(``ReportFrozen``, ``StaleMilestone``…) where a caller treats it differently.
"""

from django.core.exceptions import ValidationError


class Refused(ValidationError):
    """A refusal whose ``str()`` is the sentence for the user; ``field`` names the form field it belongs to
    ("" when it concerns the whole form or file)."""

    def __init__(self, message: str, field: str = ""):
        self.field = field
        super().__init__({field: [message]} if field else message)
        self.text = message

    def __str__(self) -> str:
        return self.text
