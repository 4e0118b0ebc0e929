from import_export import fields
from import_export.widgets import ForeignKeyWidget

from kalc_portal.spreadsheets import FormulaSafeResource
from members.models import AreaCommittee, Council
from members.services.council_manage import council_save


class CouncilResource(FormulaSafeResource):
    """CSV import/export of councils for office staff; rows are matched by slug. Text that
    a spreadsheet would run as a formula is exported escaped (kalc_portal/spreadsheets.py)."""

    area_committee = fields.Field(
        column_name="area_committee",
        attribute="area_committee",
        widget=ForeignKeyWidget(AreaCommittee, field="name"),
    )

    class Meta:
        model = Council
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "kind",
            "district",
            "area_committee",
            "membership_status",
            "contact_email",
            "contact_phone",
            "website",
            "address",
            "electorate",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        use_bulk = False
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("area_committee")

    def do_instance_save(self, instance, is_create):
        # The import is an admin write like the change form: the same service tidies
        # contact details and validates every field and constraint.
        council_save(council=instance)
