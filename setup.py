"""Build hook: the translation catalogs are compiled into the package, so that an installed wheel serves
German and Chinese without the source folder (docs/deployment.md). Everything else is in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
CATALOGS = ROOT / "translations"


class build_py_with_catalogs(build_py):  # noqa: N801  (setuptools' command naming)
    """``build_py``, then every ``translations/<lang>/LC_MESSAGES/messages.po`` compiled with Babel to
    ``app/translations/<lang>/LC_MESSAGES/messages.mo`` in the build (editable installs use the source
    folder's catalogs, compiled by ``flask translate compile``)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(CATALOGS.glob("*/LC_MESSAGES/messages.po")):
            lang = po.parent.parent.name
            target = Path(self.build_lib) / "app" / "translations" / lang / "LC_MESSAGES" / "messages.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalog = read_po(source, locale=lang)
            fuzzy = [message.id for message in catalog if message.fuzzy and message.id]
            if fuzzy:
                raise SystemExit(f"{po}: {len(fuzzy)} fuzzy entries, e.g. {fuzzy[0]!r}: translate them first")
            with target.open("wb") as out:
                write_mo(out, catalog)
            print(f"compiled {po.relative_to(ROOT)} -> {target}")


setup(cmdclass={"build_py": build_py_with_catalogs})
