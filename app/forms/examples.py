"""A filled example of any definition: for training mode and for the tests that render every form."""

from __future__ import annotations

from app.forms.definition import FormDefinition
from app.forms.validation import FormContext, evaluate


def example_values(definition: FormDefinition, context: FormContext) -> dict[str, object]:
    """Typed values for every visible field that is not computed: the definition's example where it
    gives one, else one its type makes up. Filling a field can reveal others, so it repeats until stable."""
    values: dict[str, object] = {}
    while True:  # each round fills at least one more field, so it ends
        state = evaluate(definition, values, context)
        missing = [
            field
            for field in definition.fields()
            if field.key in state.visible and field.computed is None and field.key not in values
        ]
        if not missing:
            break
        for field in missing:
            raw = field.example if field.example is not None else field.type.example()
            values[field.key] = field.type.to_value(raw)
    return {
        key: value for key, value in values.items() if key in evaluate(definition, values, context).visible
    }
