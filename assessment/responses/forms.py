"""The questionnaire page as a form: one field per item, rendered in Python for speed."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ..cache import Kept
from ..instruments.models import Item
from .selectors import StoredAnswer

LIKERT_LABELS = [
    ("1", _("Strongly disagree")),
    ("2", _("Disagree")),
    ("3", _("Neither agree nor disagree")),
    ("4", _("Agree")),
    ("5", _("Strongly agree")),
]
LIKERT_BY_VALUE = dict(LIKERT_LABELS)
NOT_APPLICABLE = ("na", _("Don't know / not applicable"))
MAX_TEXT_ANSWER = 4000


def field_name(item: Item) -> str:
    return item.code.replace(".", "_")


class SectionForm(forms.Form):
    """One page of the questionnaire; each field is named after its item's code."""

    def __init__(self, *args: Any, items: Sequence[Item], organisation_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.organisation_name = organisation_name
        # A copy per bound form: validating may set state on a field, and no respondent's form may touch
        # another's. An unbound form is only shown, through question_html(), which changes no field.
        own = _own_copy if self.is_bound else _shared
        for item in self.items:
            self.fields[field_name(item)] = own(
                _field_template(item.type, item.text, item.required, json.dumps(item.choices), organisation_name)
            )

    def values_by_code(self) -> dict[str, Any]:
        """The valid answers on the page, keyed by item code (invalid ones are left out)."""
        data = getattr(self, "cleaned_data", {})
        return {item.code: data.get(field_name(item)) for item in self.items if field_name(item) in data}

    def questions(self) -> list[tuple[Item, forms.BoundField, SafeString]]:
        return [(item, field := self[field_name(item)], question_html(item, field)) for item in self.items]

    def questions_html(self) -> SafeString:
        """Every question's markup in one piece: a template loop over fifty questions cost more than this.
        A page shown with no answer on it yet (nearly every page view) reads the same for every respondent,
        so it is built once per process."""
        if self.is_bound or self.initial:
            return self._questions_html()
        key = (
            tuple((i.pk, i.type, i.text, i.required, _choices_key(i)) for i in self.items),
            get_language(),
            self.organisation_name,
        )
        return _FRESH_PAGES.get(key) or _FRESH_PAGES.keep(key, self._questions_html())

    def _questions_html(self) -> SafeString:
        return mark_safe("".join(question_html(item, self[field_name(item)]) for item in self.items))  # noqa: S308


# Pages as shown before any answer, by their items, language and organisation name (see questions_html).
_FRESH_PAGES: Kept[tuple[Any, ...], SafeString] = Kept(most=512)


def _own_copy(template: forms.Field) -> forms.Field:
    """A copy with its own widget, attributes and messages (what validating or rendering could change),
    cheaper than a deep copy: the choices and validators, never changed, are shared."""
    field = copy.copy(template)
    field.widget = copy.copy(template.widget)
    field.widget.attrs = dict(template.widget.attrs)
    field.error_messages = dict(template.error_messages)
    return field


def _shared(template: forms.Field) -> forms.Field:
    return template


def question_html(item: Item, field: forms.BoundField) -> SafeString:
    """One question as an accessible fieldset. Built here rather than with widget templates: a page
    has up to a hundred options, and rendering each through the template engine was most of its cost.
    What is the same for every respondent (all but the errors and which options are checked) is built
    once per question and language."""
    name, errors, required = field.html_name, field.errors, field.field.required
    parts = [_question_head(name, item.code, item.type, str(field.label), required, bool(errors), get_language())]
    if errors:
        parts.append(
            format_html(
                '<div class="text-danger small mb-2" id="err-{}">{}</div>', name, " ".join(str(e) for e in errors)
            )
        )
    value = field.value()
    if item.type == Item.Type.TEXT:
        parts.append(
            format_html(
                '<label class="visually-hidden" for="id_{}">{}</label>'
                '<textarea class="form-control" name="{}" id="id_{}" rows="4" maxlength="{}">{}</textarea>',
                name,
                field.label,
                name,
                name,
                MAX_TEXT_ANSWER,
                value or "",
            )
        )
    else:
        chosen = (
            {str(v) for v in value} if isinstance(value, list) else {str(value)} if value not in (None, "") else set()
        )
        opening, options, end = _options_html(name, item.type, _choices_key(item), required, get_language())
        parts.append(opening)
        parts.extend(before + (" checked" if choice in chosen else "") + after for choice, before, after in options)
        parts.append(end)
    parts.append("</div></fieldset>")
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped by format_html


@lru_cache(maxsize=4096)
def _question_head(
    name: str, code: str, item_type: str, label: str, required: bool, invalid: bool, language: str | None
) -> str:
    """The fieldset's opening and legend (`language` keys the cache: "(optional)" is translated)."""
    described = format_html(' aria-describedby="err-{}"', name) if invalid else ""
    opening = format_html(
        '<fieldset class="question card mb-3{}" id="q-{}" data-item="{}" data-type="{}"{}><div class="card-body">',
        " border-danger" if invalid else "",
        name,
        code,
        item_type,
        described,
    )
    legend = format_html(
        '<legend class="fs-6 fw-semibold mb-3">{}{}</legend>',
        label,
        "" if required else format_html(' <span class="fw-normal text-body-secondary">{}</span>', _("(optional)")),
    )
    return opening + legend


def _choices_key(item: Item) -> str:
    """What a choice item's options depend on besides its type; the built-in scales depend on nothing."""
    return json.dumps(item.choices) if item.type in (Item.Type.SINGLE, Item.Type.MULTI) else ""


@lru_cache(maxsize=4096)
def _field_template(
    item_type: str, text: str, required: bool, choices_json: str, organisation_name: str
) -> forms.Field:
    """A question's form field, built once and copied into each form: building it from scratch was a large
    part of each respondent request. Keyed by everything the field depends on, so an edited draft item
    gets a new one; never handed out itself, so never changed."""
    required_message = (
        _("Please choose an answer, or “Don't know / not applicable”.")
        if item_type == Item.Type.LIKERT5
        else _("Please answer this question.")
    )
    common: dict[str, Any] = {
        "label": text.replace("{organisation}", organisation_name),
        "required": required,
        "error_messages": {"required": required_message},
    }
    if item_type == Item.Type.MULTI:
        choices = _choices(item_type, choices_json)
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if item_type != Item.Type.TEXT:
        return forms.ChoiceField(choices=_choices(item_type, choices_json), widget=forms.RadioSelect, **common)
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT_ANSWER}), max_length=MAX_TEXT_ANSWER, **common
    )


def _choices(item_type: str, choices_json: str) -> list[tuple[str, Any]]:
    """A choice question's (value, label) options: the built-in scales, or the item's own choices."""
    if item_type == Item.Type.LIKERT5:
        return [*LIKERT_LABELS, NOT_APPLICABLE]
    if item_type == Item.Type.NPS:
        return [(str(i), str(i)) for i in range(11)]
    return [(c["value"], c["label"]) for c in json.loads(choices_json)]


@lru_cache(maxsize=4096)
def _options_html(
    name: str, item_type: str, choices_json: str, required: bool, language: str | None
) -> tuple[str, tuple[tuple[str, str, str], ...], str]:
    """What opens the options, each option's escaped markup around its "checked" flag, and what closes
    them; the same for every respondent (`language` keys the cache: the scales' labels are translated)."""
    kind = "checkbox" if item_type == Item.Type.MULTI else "radio"
    opening = format_html('<div class="choices choices-{}">', item_type)
    options = []
    for number, (choice, label) in enumerate(_choices(item_type, choices_json)):
        option_id = f"id_{name}_{number}"
        before = format_html(
            '<div class="choice"><input type="{}" name="{}" value="{}" id="{}"', kind, name, choice, option_id
        )
        after = format_html('{}><label for="{}">{}</label></div>', " required" if required else "", option_id, label)
        options.append((str(choice), str(before), str(after)))
    end = "</div>"
    if item_type == Item.Type.NPS:
        end += format_html(
            '<div class="d-flex justify-content-between small text-body-secondary mt-1" aria-hidden="true">'
            "<span>{}</span><span>{}</span></div>",
            _("Not at all likely"),
            _("Extremely likely"),
        )
    return opening, tuple(options), end


def initial_from_answers(items: Sequence[Item], answers: Mapping[int, StoredAnswer]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for item in items:
        answer = answers.get(item.pk)
        if answer is not None:
            initial[field_name(item)] = display_value(item, answer)
    return initial


def display_value(item: Item, answer: StoredAnswer) -> Any:
    """The form value of a stored answer."""
    if item.type == Item.Type.LIKERT5:
        return "na" if answer.not_applicable else str(answer.value)
    if item.type == Item.Type.NPS:
        return str(answer.value)
    if item.type == Item.Type.SINGLE:
        return answer.choices[0] if answer.choices else ""
    if item.type == Item.Type.MULTI:
        return list(answer.choices)
    return answer.text


def answer_label(item: Item, answer: StoredAnswer) -> str:
    """How a stored answer reads on the summary page."""
    if item.type == Item.Type.LIKERT5:
        return str(NOT_APPLICABLE[1] if answer.not_applicable else LIKERT_BY_VALUE[str(answer.value)])
    if item.type == Item.Type.NPS:
        return gettext("%(value)s out of 10") % {"value": answer.value}
    if item.type in (Item.Type.SINGLE, Item.Type.MULTI):
        labels = item.choice_labels
        return ", ".join(labels.get(v, v) for v in answer.choices)
    return answer.text
