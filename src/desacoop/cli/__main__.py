"""``python -m desacoop.cli``: the ``desacoop`` command, as ``python -m desacoop``."""

from __future__ import annotations

__all__: list[str] = []

if __name__ == "__main__":  # importing the module (docs, test walks) runs nothing
    from desacoop.cli import main

    raise SystemExit(main())
