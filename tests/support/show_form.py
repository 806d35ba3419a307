"""Look at a generated form: `python -m tests.support.show_form ITEM_CODE [--yes] [--filled] [--seconds N]`.

Opens the form of one sample catalogue item in a window (run under Xvfb and take a screenshot with
`import -window root shot.png`); --yes answers every situation question 是, --filled enters the example,
otherwise every problem of the empty form is shown. Not part of the app: the acceptance page will host it.
"""

from __future__ import annotations

import argparse
import datetime as dt

from app.forms.examples import example_values
from app.forms.loader import load_all
from app.forms.validation import FormContext
from app.ui.application import install_font
from app.ui.form_view import FormView
from app.ui.qt import QtCore, QtWidgets
from tests.support.forms import ROOT, catalogue, regions


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("item_code")
    parser.add_argument("--yes", action="store_true")
    parser.add_argument("--filled", action="store_true")
    parser.add_argument("--seconds", type=float, default=0)
    args = parser.parse_args()
    app = QtWidgets.QApplication([])
    install_font(app, ROOT / "resources" / "fonts")
    definitions, errors = load_all(
        ROOT / "resources" / "forms", catalogue(), today=dt.date.today, regions=regions()
    )
    for error in errors:
        print("definition error:", error)
    item = catalogue().item(args.item_code)
    context = FormContext({q.id: args.yes for q in item.questions}, {"kind": "natural"})
    view = FormView(definitions[item.code], context)
    if args.filled:
        view.set_values(example_values(definitions[item.code], context))
    else:
        view.show_all_errors()
    view.resize(1000, 860)
    view.show()
    for error in view.errors():
        print(error.message())
    if args.seconds:
        QtCore.QTimer.singleShot(int(args.seconds * 1000), app.quit)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
