"""PostgreSQL expressions the ORM lacks, for the flood app."""

from django.db.models import FloatField, Func, IntegerField


class JsonbNumber(Func):
    """The member ``key`` of a jsonb column as float8 when it is a JSON number,
    else NULL (text, booleans, a missing member): a layer version loaded before
    its attribute rule may hold anything, and a cast of text would fail."""

    output_field = FloatField()

    def __init__(self, column, key):
        super().__init__(column, key)

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.source_expressions[0])
        key, key_params = compiler.compile(self.source_expressions[1])
        sql = f"CASE WHEN jsonb_typeof({column} -> {key}) = 'number' THEN ({column} ->> {key})::float8 END"
        return sql, [*column_params, *key_params, *column_params, *key_params]


class JsonbYear(Func):
    """The year of a date held as text in the member ``key`` of a jsonb column
    (YYYY-MM-DD or GDAL's YYYY/MM/DD, maybe with a time), else NULL."""

    output_field = IntegerField()

    def __init__(self, column, key):
        super().__init__(column, key)

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.source_expressions[0])
        key, key_params = compiler.compile(self.source_expressions[1])
        text = f"({column} ->> {key})"
        sql = f"CASE WHEN {text} ~ '^[0-9]{{4}}[-/][0-9]{{2}}[-/][0-9]{{2}}' THEN left({text}, 4)::int END"
        return sql, [*column_params, *key_params, *column_params, *key_params]
