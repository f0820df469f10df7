"""Turn request.GET into ``SearchParams``: the same parameters for /search/ and /api/search."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from .exceptions import QuerySyntaxError
from .facets import FACETS
from .query import SORTS, SearchParams, parse
from .service import MAX_PAGE_SIZE

# URL parameter -> facet name.
FILTER_PARAMS = {facet.param: facet.name for facet in FACETS}


class ValuesField(forms.Field):
    """Every value of a repeated parameter (``?author=A&author=B``)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        return [str(v).strip() for v in (value or []) if str(v).strip()]

    def validate(self, value) -> None:
        super().validate(value)
        # As for ``q`` (CharField's own validator): a NUL is refused with a 400, not
        # passed to a database that cannot hold it.
        for v in value:
            ProhibitNullCharactersValidator()(v)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True)
    page = forms.IntegerField(required=False, min_value=1)
    page_size = forms.IntegerField(required=False, min_value=1)
    sort = forms.ChoiceField(required=False, choices=[(s, s.title()) for s in SORTS])
    # spell=off: search exactly what was typed ("search instead for ...").
    spell = forms.ChoiceField(required=False, choices=[("off", "Off")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "in" is a Python keyword, so the filter fields are added here.
        for param in FILTER_PARAMS:
            self.fields[param] = ValuesField(required=False)

    def clean_q(self) -> str:
        q = self.cleaned_data["q"]
        try:
            parse(q)
        except QuerySyntaxError as exc:
            raise forms.ValidationError(str(exc), code="syntax") from exc
        return q

    @property
    def params(self) -> SearchParams:
        """The cleaned search; call after ``is_valid()``."""
        data = self.cleaned_data
        return SearchParams(
            q=data.get("q") or "",
            filters={name: data[p] for p, name in FILTER_PARAMS.items() if data.get(p)},
            page=data.get("page") or 1,
            page_size=min(data.get("page_size") or 20, MAX_PAGE_SIZE),
            sort=data.get("sort") or "relevance",
            correct=data.get("spell") != "off",
        )

    def error_message(self) -> str:
        """The form's errors as one sentence for a reader or an API client."""
        parts = []
        for name, errors in self.errors.items():
            prefix = "" if name in ("q", "__all__") else f"{name}: "
            parts += [prefix + str(e) for e in errors]
        return " ".join(parts)
