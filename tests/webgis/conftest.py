from tests.pages import compiled_translations, source_static_files  # noqa: F401
