"""The sector's job functions (funktioner). Later rows are added by HR or network editors."""

from django.db import migrations

JOB_FUNCTIONS = [
    ("projektleder", "Projektleder", "Leder byggesager og helhedsplaner og har ansvaret for læring i projektet."),
    ("driftschef", "Driftschef", "Leder driften af boligafdelingerne og ejendomsfunktionærerne."),
    ("ejendomsfunktionaer", "Ejendomsfunktionær", "Varetager den daglige drift og er tæt på beboerne."),
    ("boligsocial-medarbejder", "Boligsocial medarbejder", "Arbejder med den boligsociale helhedsplan og beboernetværk."),
    ("udlejningsmedarbejder", "Udlejningsmedarbejder", "Står for udlejning, genhusning og boliganvisning."),
    ("administrativ-medarbejder", "Administrativ medarbejder", "Administration, økonomi og sekretariat."),
    ("beboervalgt", "Beboervalgt", "Valgt til afdelingsbestyrelse eller organisationsbestyrelse."),
    ("frivillig", "Frivillig", "Frivillig i afdelingens aktiviteter og netværk."),
]


def seed(apps, schema_editor):
    JobFunction = apps.get_model("organisations", "JobFunction")
    for order, (code, name, description) in enumerate(JOB_FUNCTIONS, start=1):
        JobFunction.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order}
        )


def unseed(apps, schema_editor):
    JobFunction = apps.get_model("organisations", "JobFunction")
    JobFunction.objects.filter(code__in=[code for code, _, _ in JOB_FUNCTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
