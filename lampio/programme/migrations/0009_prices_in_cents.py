from django.db import migrations, models


def euros_to_cents(apps, schema_editor):
    Offering = apps.get_model("programme", "Offering")
    for offering in Offering.objects.exclude(price_euros=0).only("pk", "price_euros"):
        Offering.objects.filter(pk=offering.pk).update(
            price_cents=int((offering.price_euros * 100).to_integral_value())
        )


class Migration(migrations.Migration):
    dependencies = [("programme", "0008_offering_is_listed")]

    operations = [
        migrations.AddField(
            model_name="offering",
            name="price_cents",
            field=models.PositiveIntegerField(default=0, verbose_name="price in cents"),
        ),
        migrations.AddField(
            model_name="offering",
            name="vat_basis_points",
            field=models.PositiveSmallIntegerField(default=1400, verbose_name="VAT (1/100 %)"),
        ),
        migrations.RunPython(euros_to_cents, migrations.RunPython.noop),
        migrations.RemoveField(model_name="offering", name="price_euros"),
        migrations.AddField(
            model_name="showing",
            name="capacity",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="capacity"),
        ),
    ]
