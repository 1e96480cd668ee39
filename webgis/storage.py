"""Static files storage: hashed names and compression (WhiteNoise), with SVG
fragment references inside data URIs left alone."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Django rewrites every ``url(...)`` in CSS to the hashed file it names.
    Inline SVG icons (Leaflet-Geoman's toolbar) contain ``url(%23id)``
    references to their own gradients and masks; rewritten, they break the
    data URI and the icons vanish. Those references point to no file: keep them."""

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(match):
            if match.group("url").startswith(("%23", "#")):
                return match.group("matched")
            return convert(match)

        return converter
