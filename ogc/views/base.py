"""What every OGC API view shares: DRF's authentication (tokens see what
they see in /api/), throttles and error handling; answers written as text."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from core.collections import get_collection


def collection_not_found(collection_id):
    """The 404 of a collection the caller may not see or that does not exist (the same answer)."""
    return NotFound(_("Collection '%(id)s' not found.") % {"id": collection_id[:100]})


class OgcView(APIView):
    # The schema's shared parameter names are OGC's own (collection_id, feature_id).
    def collection(self, request, collection_id):
        collection = get_collection(request.user, collection_id)
        if collection is None:
            raise collection_not_found(collection_id)
        return collection
