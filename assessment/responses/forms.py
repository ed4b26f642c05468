"""The questionnaire page as a form: one field per item, rendered in Python for speed."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..instruments.models import Item
from .selectors import StoredAnswer

LIKERT_LABELS = [
    ("1", "Strongly disagree"),
    ("2", "Disagree"),
    ("3", "Neither agree nor disagree"),
    ("4", "Agree"),
    ("5", "Strongly agree"),
]
NOT_APPLICABLE = ("na", "Don't know / not applicable")
MAX_TEXT_ANSWER = 4000


def field_name(item: Item) -> str:
    return item.code.replace(".", "_")


class SectionForm(forms.Form):
    """One page of the questionnaire; each field is named after its item's code."""

    def __init__(self, *args: Any, items: Sequence[Item], organisation_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            # A copy per form: validating may set state on a field, and no respondent's form may touch another's.
            self.fields[field_name(item)] = _own_copy(
                _field_template(item.type, item.text, item.required, json.dumps(item.choices), organisation_name)
            )

    def values_by_code(self) -> dict[str, Any]:
        """The valid answers on the page, keyed by item code (invalid ones are left out)."""
        data = getattr(self, "cleaned_data", {})
        return {item.code: data.get(field_name(item)) for item in self.items if field_name(item) in data}

    def questions(self) -> list[tuple[Item, forms.BoundField, SafeString]]:
        return [(item, field := self[field_name(item)], question_html(item, field)) for item in self.items]


def _own_copy(template: forms.Field) -> forms.Field:
    """A copy with its own widget, attributes and messages (what validating or rendering could change),
    cheaper than a deep copy: the choices and validators, never changed, are shared."""
    field = copy.copy(template)
    field.widget = copy.copy(template.widget)
    field.widget.attrs = dict(template.widget.attrs)
    field.error_messages = dict(template.error_messages)
    return field


def question_html(item: Item, field: forms.BoundField) -> SafeString:
    """One question as an accessible fieldset. Built here rather than with widget templates: a page
    has up to a hundred options, and rendering each through the template engine was most of its cost."""
    name, errors = field.html_name, field.errors
    described = format_html(' aria-describedby="err-{}"', name) if errors else ""
    parts = [
        format_html(
            '<fieldset class="question card mb-3{}" id="q-{}" data-item="{}" data-type="{}"{}><div class="card-body">',
            " border-danger" if errors else "",
            name,
            item.code,
            item.type,
            described,
        ),
        format_html(
            '<legend class="fs-6 fw-semibold mb-3">{}{}</legend>',
            field.label,
            "" if field.field.required else mark_safe(' <span class="fw-normal text-body-secondary">(optional)</span>'),
        ),
    ]
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
        kind = "checkbox" if item.type == Item.Type.MULTI else "radio"
        chosen = (
            {str(v) for v in value} if isinstance(value, list) else {str(value)} if value not in (None, "") else set()
        )
        parts.append(format_html('<div class="choices choices-{}">', item.type))
        options: list[tuple[object, object]] = list(cast(forms.ChoiceField, field.field).choices)  # type: ignore[arg-type]
        choices = tuple((str(c), str(label)) for c, label in options)
        for choice, before, after in _options_html(name, kind, choices, field.field.required):
            parts.append(mark_safe(before + (" checked" if choice in chosen else "") + after))  # noqa: S308
        parts.append(mark_safe("</div>"))
        if item.type == Item.Type.NPS:
            parts.append(
                mark_safe(
                    '<div class="d-flex justify-content-between small text-body-secondary mt-1" aria-hidden="true">'
                    "<span>Not at all likely</span><span>Extremely likely</span></div>"
                )
            )
    parts.append(mark_safe("</div></fieldset>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped by format_html


@lru_cache(maxsize=4096)
def _field_template(
    item_type: str, text: str, required: bool, choices_json: str, organisation_name: str
) -> forms.Field:
    """A question's form field, built once and copied into each form: building it from scratch was a large
    part of each respondent request. Keyed by everything the field depends on, so an edited draft item
    gets a new one; never handed out itself, so never changed."""
    choices = [(c["value"], c["label"]) for c in json.loads(choices_json)]
    required_message = (
        "Please choose an answer, or “Don't know / not applicable”."
        if item_type == Item.Type.LIKERT5
        else "Please answer this question."
    )
    common: dict[str, Any] = {
        "label": text.replace("{organisation}", organisation_name),
        "required": required,
        "error_messages": {"required": required_message},
    }
    if item_type == Item.Type.LIKERT5:
        return forms.ChoiceField(choices=[*LIKERT_LABELS, NOT_APPLICABLE], widget=forms.RadioSelect, **common)
    if item_type == Item.Type.NPS:
        return forms.ChoiceField(choices=[(str(i), str(i)) for i in range(11)], widget=forms.RadioSelect, **common)
    if item_type == Item.Type.SINGLE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if item_type == Item.Type.MULTI:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT_ANSWER}), max_length=MAX_TEXT_ANSWER, **common
    )


@lru_cache(maxsize=4096)
def _options_html(
    name: str, kind: str, choices: tuple[tuple[str, str], ...], required: bool
) -> tuple[tuple[str, str, str], ...]:
    """Each option's escaped markup around its "checked" flag; the same for every respondent."""
    options = []
    for number, (choice, label) in enumerate(choices):
        option_id = f"id_{name}_{number}"
        before = format_html(
            '<div class="choice"><input type="{}" name="{}" value="{}" id="{}"', kind, name, choice, option_id
        )
        after = format_html('{}><label for="{}">{}</label></div>', " required" if required else "", option_id, label)
        options.append((choice, str(before), str(after)))
    return tuple(options)


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
        return NOT_APPLICABLE[1] if answer.not_applicable else dict(LIKERT_LABELS)[str(answer.value)]
    if item.type == Item.Type.NPS:
        return f"{answer.value} out of 10"
    if item.type in (Item.Type.SINGLE, Item.Type.MULTI):
        labels = item.choice_labels
        return ", ".join(labels.get(v, v) for v in answer.choices)
    return answer.text
