# The directory's cached searches are gone (the directory is served by its indexes), and with
# them the version row that a trigger moved on with every write to councils or committees:
# every council write took that one row's lock until commit, so council writes queued.

from django.db import migrations, models

# What migration 0009 created, for going back.
BUMP_FUNCTION = """
CREATE FUNCTION members_directory_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO members_directoryversion (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = members_directoryversion.version + 1;
    RETURN NULL;
END;
$$;
"""
TRIGGERS = [
    f"CREATE TRIGGER {table}_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION members_directory_version_bump();"
    for table in ("members_council", "members_areacommittee")
]
DROP = [
    "DROP TRIGGER IF EXISTS members_council_directory_version ON members_council;",
    "DROP TRIGGER IF EXISTS members_areacommittee_directory_version ON members_areacommittee;",
    "DROP FUNCTION IF EXISTS members_directory_version_bump();",
]


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0009_directory_version"),
    ]

    operations = [
        migrations.RunSQL(DROP, reverse_sql=[BUMP_FUNCTION, *TRIGGERS]),
        migrations.DeleteModel(name="DirectoryVersion"),
    ]
