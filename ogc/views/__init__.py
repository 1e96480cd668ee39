from .features import Item, Items  # noqa: F401
from .meta import Api, CollectionDetail, CollectionList, Conformance, Landing, Queryables  # noqa: F401
