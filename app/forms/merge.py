"""一表申报: one form for several items; a key an earlier item's form already asks is asked once."""

from __future__ import annotations

from collections.abc import Sequence

from app.forms.definition import FormDefinition, Section


def merge(definitions: Sequence[FormDefinition]) -> FormDefinition:
    """The items' forms in order; shared keys (operator_name, business_scope ...) keep the first form's
    field. Rules keep working: they read values by key, and every key still has exactly one field."""
    if not definitions:
        raise ValueError("nothing to merge")
    if len(definitions) == 1:
        return definitions[0]
    seen: set[str] = set()
    sections: list[Section] = []
    order: list[str] = []
    for definition in definitions:
        for section in definition.sections:
            fields = tuple(f for f in section.fields if f.key not in seen)
            if fields:
                title = (
                    section.title
                    if definition is definitions[0]
                    else f"{section.title}（{definition.title}）"
                )
                sections.append(Section(title, fields, section.visible_when))
        order += [key for key in definition.order if key not in seen]
        seen.update(definition.keys())
    return FormDefinition(
        item_code="+".join(d.item_code for d in definitions),
        version="+".join(d.version for d in definitions),
        title="、".join(d.title for d in definitions),
        sections=tuple(sections),
        source="; ".join(d.source for d in definitions),
        order=tuple(order),
        env=definitions[0].env,
    )
