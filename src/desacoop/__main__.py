"""``python -m desacoop``: the ``desacoop`` command (see :mod:`desacoop.cli`)."""

from __future__ import annotations

__all__: list[str] = []

if __name__ == "__main__":  # importing the module (docs, test walks) runs nothing
    from desacoop.cli import main

    raise SystemExit(main())
