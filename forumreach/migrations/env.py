"""Alembic environment: migrations run against ``forumreach.store.METADATA``.

``Store`` passes its own connection (``config.attributes["connection"]``); the ``alembic``
command line uses the same URL rules as the app (``FORUMREACH_DB_URL``, else ``var/``).
"""

from logging.config import fileConfig

from alembic import context

from forumreach.store import METADATA, make_engine, resolve_url

if context.config.config_file_name:  # the command line; the app keeps its own logging
    fileConfig(context.config.config_file_name, disable_existing_loggers=False)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=METADATA,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=resolve_url(context.config.get_main_option("sqlalchemy.url") or None),
        target_metadata=METADATA,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(resolve_url(context.config.get_main_option("sqlalchemy.url") or None))
    with engine.begin() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
